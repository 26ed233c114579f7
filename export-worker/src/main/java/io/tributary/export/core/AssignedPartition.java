package io.tributary.export.core;

import io.tributary.export.format.RecordKind;
import java.time.Duration;
import org.apache.kafka.common.TopicPartition;

/** The loop's state of one assigned partition: its sink and, while it cannot write, its retry schedule. */
final class AssignedPartition {
    final TopicPartition partition;
    final RecordKind kind;
    final PartitionSink sink;
    boolean paused;
    int failures;
    long retryAtMs;

    AssignedPartition(TopicPartition partition, RecordKind kind, PartitionSink sink) {
        this.partition = partition;
        this.kind = kind;
        this.sink = sink;
    }

    /** Marks a failure and schedules the retry with exponential backoff. */
    void failed(long nowMs, Duration backoff, Duration maxBackoff) {
        paused = true;
        failures++;
        long delay = backoff.toMillis() << Math.min(failures - 1, 20);
        retryAtMs = nowMs + Math.min(delay, maxBackoff.toMillis());
    }

    /** True while the partition has failed since its last successful flush. */
    boolean degraded() {
        return failures > 0;
    }
}
