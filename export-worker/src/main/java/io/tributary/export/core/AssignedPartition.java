package io.tributary.export.core;

import io.tributary.export.format.RecordKind;
import java.time.Duration;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The loop's state of one assigned partition: its sink, what the group had committed for it, whether the
 * consumer holds it, and, while it cannot write, its retry schedule.
 */
final class AssignedPartition {
    final TopicPartition partition;
    final RecordKind kind;
    final PartitionSink sink;
    /** The committed offset and metadata found at assignment, or null. */
    final OffsetAndMetadata committed;
    /** Paused after a failure, until {@link #retryAtMs}. */
    boolean paused;
    /** The consumer does not fetch the partition (paused after a failure, or the sink wants no more). */
    boolean held;
    int failures;
    long retryAtMs;
    /** Why it failed, until its next commit. */
    String problem;

    AssignedPartition(TopicPartition partition, RecordKind kind, PartitionSink sink, OffsetAndMetadata committed) {
        this.partition = partition;
        this.kind = kind;
        this.sink = sink;
        this.committed = committed;
    }

    /** Marks a failure and schedules the retry with exponential backoff. */
    void failed(long nowMs, Duration backoff, Duration maxBackoff, String why) {
        paused = true;
        failures++;
        problem = "cannot write: " + why;
        long delay = backoff.toMillis() << Math.min(failures - 1, 20);
        retryAtMs = nowMs + Math.min(delay, maxBackoff.toMillis());
    }
}
