package io.tributary.export.range;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides the offsets of a range export. Start: the incremental state's next offset (or the offset after the
 * output's own manifests, whichever is further), else the first offset timestamped at or after
 * {@code from - lateness}, else the log start. End: the first offset timestamped at or after
 * {@code to + lateness}, bounded by the end offsets taken now (the last stable offsets, as the consumer reads
 * committed records only), else those end offsets.
 */
final class RangePlanner {
    private final Consumer<byte[], byte[]> consumer;
    private final Duration timeout;

    RangePlanner(Consumer<byte[], byte[]> consumer, Duration timeout) {
        this.consumer = consumer;
        this.timeout = timeout;
    }

    /** Every partition of the topics, in topic and partition order. */
    List<TopicPartition> partitions(List<String> topics) {
        List<TopicPartition> result = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new RangeExportException("topic " + topic + " does not exist");
            }
            infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).forEach(result::add);
        }
        return result;
    }

    /**
     * The range of each partition.
     *
     * @param resumeAt per partition, where an incremental run resumes (empty for a first run or a plain range)
     */
    List<PartitionRange> plan(List<TopicPartition> partitions, Function<TopicPartition, OptionalLong> resumeAt,
            Instant from, Instant to, Duration lateness) {
        Map<TopicPartition, Long> logStart = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> logEnd = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, OffsetAndTimestamp> fromOffsets = from == null ? Map.of()
                : offsetsForTime(partitions, from.minus(lateness));
        Map<TopicPartition, OffsetAndTimestamp> toOffsets = to == null ? Map.of()
                : offsetsForTime(partitions, to.plus(lateness));
        List<PartitionRange> ranges = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long first = logStart.get(tp);
            long end = logEnd.get(tp);
            if (to != null) {
                OffsetAndTimestamp bound = toOffsets.get(tp);
                end = bound == null ? end : Math.min(end, bound.offset());
            }
            OptionalLong resume = resumeAt.apply(tp);
            long start;
            long lost = 0;
            if (resume.isPresent()) {
                start = resume.getAsLong();
                if (start < first) {
                    lost = first - start;
                    start = first;
                }
            } else if (from != null) {
                OffsetAndTimestamp bound = fromOffsets.get(tp);
                start = bound == null ? logEnd.get(tp) : bound.offset();
            } else {
                start = first;
            }
            ranges.add(new PartitionRange(tp, start, Math.max(start, end), lost));
        }
        return ranges;
    }

    private Map<TopicPartition, OffsetAndTimestamp> offsetsForTime(List<TopicPartition> partitions, Instant t) {
        long ms = Math.max(0, t.toEpochMilli());
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, ms));
        Map<TopicPartition, OffsetAndTimestamp> result = consumer.offsetsForTimes(query, timeout);
        return result == null ? Map.of() : result;
    }
}
