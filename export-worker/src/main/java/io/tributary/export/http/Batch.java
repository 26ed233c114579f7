package io.tributary.export.http;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * Consecutive records of one partition that leave together. It covers offsets {@code [startOffset,
 * endOffset)}: once delivered (or dead-lettered), {@code endOffset} is committed. {@code startOffset} is where
 * the consumer stood before its first record, which may precede that record's offset (transaction markers).
 */
record Batch(TopicPartition partition, long startOffset, long endOffset, List<BatchRecord> records) {
    Batch {
        records = List.copyOf(records);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one record");
        }
    }

    long firstOffset() {
        return records.get(0).offset();
    }

    long lastOffset() {
        return records.get(records.size() - 1).offset();
    }

    /** The records that go into the body. */
    List<BatchRecord> events() {
        return records.stream().filter(BatchRecord::isEvent).toList();
    }

    /** The records that could not be decoded and go to the dead-letter topic. */
    List<BatchRecord> undecodable() {
        return records.stream().filter(r -> r.failure() != null).toList();
    }

    @Override
    public String toString() {
        return partition + "@" + firstOffset() + ".." + lastOffset() + " (" + records.size() + " records)";
    }
}
