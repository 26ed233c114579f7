package io.tributary.export.range;

import org.apache.kafka.common.TopicPartition;

/**
 * The offsets one partition's export covers: from {@code start} (inclusive) to {@code end} (exclusive).
 *
 * @param lostOffsets offsets below the log start that an incremental state pointed at, now deleted
 */
record PartitionRange(TopicPartition partition, long start, long end, long lostOffsets) {
    long size() {
        return end - start;
    }
}
