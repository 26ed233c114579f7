package io.tributary.export.core;

import io.tributary.export.format.RecordKind;
import org.apache.kafka.common.TopicPartition;

/** Creates the sink of a newly assigned partition. */
@FunctionalInterface
public interface PartitionSinkFactory {
    /** A sink for {@code partition}, whose records are of {@code kind}. */
    PartitionSink create(TopicPartition partition, RecordKind kind);
}
