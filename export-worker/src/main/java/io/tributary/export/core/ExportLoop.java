package io.tributary.export.core;

import io.micrometer.core.instrument.Gauge;
import io.tributary.export.format.RecordKind;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop every exporter shares: subscribes, gives each assigned partition a {@link PartitionSink},
 * decodes records (undecodable ones go to the dead-letter topic), applies the {@link RecordFilter}, and
 * commits exactly the offsets the sinks report durable. On assignment a sink's recovered position is
 * authoritative over the committed offset. A sink that fails is aborted, its partition paused and retried
 * with exponential backoff, and health is {@link Health#DEGRADED} until it flushes again. A partition that
 * leaves the loop (revoked, lost, or at the end) has its sink {@link PartitionSink#close() closed}, which lets
 * the next owner have it.
 *
 * <p>One thread runs {@link #run()}; {@link #shutdown()} may be called from any thread.
 */
public final class ExportLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ExportLoop.class);

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final RecordDecoder decoder;
    private final RecordFilter filter;
    private final DeadLetterPublisher deadLetters;
    private final PartitionSinkFactory sinks;
    private final ExportMetrics metrics;
    private final LoopSettings settings;
    private final Clock clock;
    private final Map<TopicPartition, AssignedPartition> assigned = new HashMap<>();
    private volatile boolean running = true;
    private volatile Health health = Health.HEALTHY;
    private volatile int assignedCount;
    private volatile int pausedCount;

    /** Timings of the loop: poll timeout, first retry backoff, largest retry backoff. */
    public record LoopSettings(Duration pollTimeout, Duration retryBackoff, Duration maxRetryBackoff) {
    }

    /** A loop over {@code consumer} (which it closes), feeding sinks from {@code sinks}. */
    public ExportLoop(Consumer<byte[], byte[]> consumer, List<String> topics, RecordDecoder decoder,
            RecordFilter filter, DeadLetterPublisher deadLetters, PartitionSinkFactory sinks, ExportMetrics metrics,
            LoopSettings settings, Clock clock) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.topics = List.copyOf(topics);
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Registers the gauges of a worker's loops, summed over them: {@code tributary.export.health} (1 when every
     * loop is healthy), {@code tributary.export.partitions.assigned} and {@code tributary.export.partitions.paused}.
     */
    public static void registerGauges(ExportMetrics metrics, List<ExportLoop> loops) {
        // The gauges hold the list strongly: nothing else references this copy, and a weakly held one would be
        // collected, leaving the gauges at NaN.
        List<ExportLoop> all = List.copyOf(loops);
        String tag = metrics.exporter();
        Gauge.builder("tributary.export.health", all, l -> health(l) == Health.HEALTHY ? 1 : 0).strongReference(true)
                .description("1 when healthy, 0 when degraded").tag("exporter", tag).register(metrics.registry());
        Gauge.builder("tributary.export.partitions.assigned", all,
                l -> l.stream().mapToInt(loop -> loop.assignedCount).sum()).strongReference(true)
                .tag("exporter", tag).register(metrics.registry());
        Gauge.builder("tributary.export.partitions.paused", all,
                l -> l.stream().mapToInt(loop -> loop.pausedCount).sum()).strongReference(true)
                .tag("exporter", tag).register(metrics.registry());
    }

    /** The worst health of {@code loops}: {@link Health#DEGRADED} if any loop is. */
    public static Health health(List<ExportLoop> loops) {
        return loops.stream().anyMatch(l -> l.health() == Health.DEGRADED) ? Health.DEGRADED : Health.HEALTHY;
    }

    /** Current health. */
    public Health health() {
        return health;
    }

    /** Asks the loop to flush, commit and stop; returns at once. */
    public void shutdown() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        boolean clean = false;
        try {
            consumer.subscribe(topics, new Rebalance());
            while (running) {
                try {
                    turn();
                } catch (WakeupException e) {
                    // shutdown() was called; the loop condition ends the loop
                }
            }
            flushAll();
            clean = true;
        } catch (RuntimeException e) {
            health = Health.DEGRADED;
            LOG.error("export loop stopped on an unexpected error", e);
            throw e;
        } finally {
            if (!clean) {
                assigned.values().forEach(a -> a.sink.abort());
            }
            closeQuietly();
            // After the consumer: closing it may still call the rebalance listener, which needs the sinks.
            assigned.values().forEach(a -> a.sink.close());
            assigned.clear();
        }
    }

    private void turn() {
        retryDuePartitions();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
        for (TopicPartition tp : records.partitions()) {
            AssignedPartition a = assigned.get(tp);
            if (a != null && !a.paused) {
                feed(a, records.records(tp));
            }
        }
        for (AssignedPartition a : assigned.values()) {
            if (!a.paused) {
                guarded(a, () -> a.sink.flushIfDue());
            }
        }
        commitDurable(assigned.values());
        updateHealth();
    }

    private void feed(AssignedPartition a, List<ConsumerRecord<byte[], byte[]>> records) {
        guarded(a, () -> {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                process(a, r);
            }
        });
    }

    private void process(AssignedPartition a, ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            metrics.skipped(r.topic());
            a.sink.skip(r.offset(), PartitionSink.SkipReason.FILTERED);
            return;
        }
        IndexedRecord value;
        try {
            value = decoder.decode(r, a.kind);
        } catch (RecordDecodeException e) {
            deadLetters.send(r, e.failure());
            metrics.deadLettered(r.topic());
            a.sink.skip(r.offset(), PartitionSink.SkipReason.DEAD_LETTERED);
            return;
        }
        if (!filter.accepts(a.kind, value, a.kind.eventTimeNs(value))) {
            metrics.skipped(r.topic());
            a.sink.skip(r.offset(), PartitionSink.SkipReason.FILTERED);
            return;
        }
        a.sink.append(r.offset(), value);
    }

    /** Runs a sink action; on a write failure aborts the flush and pauses the partition for a retry. */
    private void guarded(AssignedPartition a, Runnable action) {
        try {
            action.run();
        } catch (ExportIoException e) {
            LOG.warn("{}: cannot write, pausing and retrying from offset {}: {}", a.partition,
                    a.sink.restartOffset(), e.getMessage());
            metrics.flushFailed(a.partition.topic());
            a.sink.abort();
            consumer.pause(List.of(a.partition));
            a.failed(clock.millis(), settings.retryBackoff(), settings.maxRetryBackoff());
            health = Health.DEGRADED;
        }
    }

    private void retryDuePartitions() {
        long now = clock.millis();
        for (AssignedPartition a : assigned.values()) {
            if (a.paused && now >= a.retryAtMs) {
                try {
                    start(a);
                    consumer.resume(List.of(a.partition));
                    a.paused = false;
                } catch (ExportIoException e) {
                    LOG.warn("{}: still cannot write: {}", a.partition, e.getMessage());
                    a.failed(now, settings.retryBackoff(), settings.maxRetryBackoff());
                }
            }
        }
    }

    /** Recovers the sink and positions the consumer where the sink says, else where the group committed. */
    private void start(AssignedPartition a) {
        OptionalLong resume = a.sink.recover();
        long position;
        if (resume.isPresent()) {
            position = resume.getAsLong();
            consumer.seek(a.partition, position);
        } else if (a.failures > 0 && a.sink.restartOffset() >= 0) {
            position = a.sink.restartOffset();
            consumer.seek(a.partition, position);
        } else {
            position = consumer.position(a.partition);
        }
        a.sink.begin(position);
        LOG.info("{}: exporting from offset {}", a.partition, position);
    }

    private void commitDurable(Collection<AssignedPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (AssignedPartition a : partitions) {
            OptionalLong offset = a.sink.takeCommitOffset();
            if (offset.isPresent()) {
                offsets.put(a.partition, new OffsetAndMetadata(offset.getAsLong()));
                a.failures = 0;
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // Interrupted by shutdown(): the manifests already record these offsets, commit on the way out.
            consumer.commitSync(offsets);
            throw e;
        } catch (KafkaException e) {
            // Manifests are authoritative over committed offsets, so a lost commit costs nothing on resume.
            LOG.info("offset commit failed, the manifests still record the progress: {}", e.toString());
        }
    }

    private void flushAll() {
        for (AssignedPartition a : assigned.values()) {
            if (!a.paused) {
                guarded(a, () -> a.sink.flush());
            }
        }
        commitDurable(assigned.values());
    }

    private void updateHealth() {
        int paused = 0;
        boolean degraded = false;
        for (AssignedPartition a : assigned.values()) {
            paused += a.paused ? 1 : 0;
            degraded |= a.degraded();
        }
        pausedCount = paused;
        assignedCount = assigned.size();
        health = degraded ? Health.DEGRADED : Health.HEALTHY;
    }

    private void closeQuietly() {
        try {
            consumer.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the consumer failed: {}", e.toString());
        }
        deadLetters.close();
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                RecordKind kind = decoder.kindOf(tp.topic());
                AssignedPartition a = new AssignedPartition(tp, kind, sinks.create(tp, kind));
                a.sink.begin(-1);
                assigned.put(tp, a);
                try {
                    start(a);
                } catch (ExportIoException e) {
                    LOG.warn("{}: cannot recover, retrying later: {}", tp, e.getMessage());
                    consumer.pause(List.of(tp));
                    a.failed(clock.millis(), settings.retryBackoff(), settings.maxRetryBackoff());
                }
            }
            updateHealth();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            List<AssignedPartition> leaving = partitions.stream().map(assigned::remove).filter(Objects::nonNull)
                    .toList();
            for (AssignedPartition a : leaving) {
                if (!a.paused) {
                    guarded(a, () -> a.sink.flush());
                }
            }
            commitDurable(leaving);
            leaving.forEach(a -> a.sink.close());
            updateHealth();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                AssignedPartition a = assigned.remove(tp);
                if (a != null) {
                    a.sink.close();
                }
            }
            updateHealth();
        }
    }
}
