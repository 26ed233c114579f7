package io.tributary.processor.metrics;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;

/** Sends watermarks to every partition of the repartition topic (KIP-837 multicast), events by key hash. */
final class WatermarkPartitioner implements StreamPartitioner<String, MetricPartial> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, MetricPartial value, int numPartitions) {
        if (value != null && value.watermark()) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        return Optional.empty();
    }
}
