package io.tributary.processor;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Which state store partitions are being restored from their changelogs, and since when; the processor is not
 * ready while a restore has run longer than its bound. Thread-safe: Kafka Streams calls it from its threads.
 */
final class RestoreProgress implements StateRestoreListener {
    private final Map<TopicPartition, Long> startedNs = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    RestoreProgress(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        startedNs.putIfAbsent(partition, nanoClock.getAsLong());
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        startedNs.remove(partition);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        startedNs.remove(partition);
    }

    /** How long the oldest restore in progress has run; zero when none is. */
    Duration longest() {
        long now = nanoClock.getAsLong();
        return Duration.ofNanos(startedNs.values().stream().mapToLong(start -> now - start).max().orElse(0));
    }

    /** Changelog partitions being restored now. */
    int restoring() {
        return startedNs.size();
    }
}
