package io.tributary.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** End offsets and consumer-group lag, read with the Admin client. */
final class Offsets {
    private Offsets() {
    }

    /** Sum of the partitions' end offsets: the records ever written (before retention). */
    static long endOffsetSum(Admin admin, String topic, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long sum = 0;
        for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(request).all()
                .get(10, TimeUnit.SECONDS).values()) {
            sum += info.offset();
        }
        return sum;
    }

    /** Sum of the group's committed offsets on the topic (0 for partitions it never committed). */
    static long committedSum(Admin admin, String group, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }
}
