package io.tributary.export.core;

import io.micrometer.core.instrument.Gauge;
import io.tributary.export.format.RecordKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
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
 * The consumer loop of every exporter: subscribes, gives each assigned partition a {@link PartitionSink},
 * decodes records (undecodable ones go to the sink's dead-letter route), applies the {@link RecordFilter}, and
 * commits exactly what the sinks say may be committed. On assignment a sink's recovered position is
 * authoritative over the committed offset. A sink that fails is aborted, its partition paused and retried with
 * exponential backoff, and the loop reports the {@link #problem()} until it flushes again; a sink may also hold its
 * partition (back-pressure, a destination that refuses it). A partition that leaves the loop (revoked, lost, or
 * at the end) is flushed within {@link LoopSettings#leaveTimeout()} and its sink {@link PartitionSink#close()
 * closed}, which lets the next owner have it.
 *
 * <p>One thread runs {@link #run()}; {@link #shutdown()} may be called from any thread.
 */
public final class ExportLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ExportLoop.class);
    /** The poll timeout while a batch is in flight, so that its end is noticed soon. */
    private static final Duration BUSY_POLL = Duration.ofMillis(5);

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final RecordDecoder decoder;
    private final RecordFilter filter;
    private final PartitionSinkFactory sinks;
    private final ExportMetrics metrics;
    private final LoopSettings settings;
    private final Clock clock;
    private final Map<TopicPartition, AssignedPartition> assigned = new HashMap<>();
    private volatile boolean running = true;
    private volatile String problem;
    private volatile int assignedCount;
    private volatile int pausedCount;

    /**
     * Timings of the loop: poll timeout, first retry backoff, largest retry backoff, and how long a leaving
     * partition may wait for its destination (batches in flight).
     */
    public record LoopSettings(Duration pollTimeout, Duration retryBackoff, Duration maxRetryBackoff,
            Duration leaveTimeout) {
    }

    /** A loop over {@code consumer} (which it closes), feeding sinks from {@code sinks}. */
    public ExportLoop(Consumer<byte[], byte[]> consumer, List<String> topics, RecordDecoder decoder,
            RecordFilter filter, PartitionSinkFactory sinks, ExportMetrics metrics, LoopSettings settings,
            Clock clock) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.topics = List.copyOf(topics);
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.filter = Objects.requireNonNull(filter, "filter");
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
        Gauge.builder("tributary.export.health", all, l -> problem(l).isEmpty() ? 1 : 0).strongReference(true)
                .description("1 when healthy, 0 when degraded").tag("exporter", tag).register(metrics.registry());
        Gauge.builder("tributary.export.partitions.assigned", all,
                l -> l.stream().mapToInt(loop -> loop.assignedCount).sum()).strongReference(true)
                .tag("exporter", tag).register(metrics.registry());
        Gauge.builder("tributary.export.partitions.paused", all,
                l -> l.stream().mapToInt(loop -> loop.pausedCount).sum()).strongReference(true)
                .tag("exporter", tag).register(metrics.registry());
    }

    /** The problems of {@code loops}, each loop's in turn (one loop's must not hide another's), if any has one. */
    public static Optional<String> problem(List<ExportLoop> loops) {
        String all = loops.stream().map(ExportLoop::problem).flatMap(Optional::stream)
                .collect(Collectors.joining("; "));
        return all.isEmpty() ? Optional.empty() : Optional.of(all);
    }

    /** Why the loop is degraded, if it is: a partition that cannot write, or the loop stopped on an error. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Asks the loop to flush, commit and stop; returns at once. */
    public void shutdown() {
        running = false;
        consumer.wakeup();
    }

    /** Releases the consumer of a loop that never ran. */
    void closeUnstarted() {
        running = false;
        consumer.close();
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
            leave(new ArrayList<>(assigned.values()));
            clean = true;
        } catch (RuntimeException e) {
            problem = "export loop stopped on an unexpected error: " + e;
            LOG.error("export loop stopped on an unexpected error; nothing unfinished was committed", e);
            throw e;
        } finally {
            if (!clean) {
                assigned.values().forEach(a -> a.sink.abort());
            }
            try {
                consumer.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the consumer failed: {}", e.toString());
            }
            // After the consumer: closing it may still call the rebalance listener, which needs the sinks.
            assigned.values().forEach(a -> a.sink.close());
            assigned.clear();
        }
    }

    private void turn() {
        retryDuePartitions();
        boolean busy = assigned.values().stream().anyMatch(a -> a.sink.inFlight());
        Duration timeout = settings.pollTimeout();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(busy && BUSY_POLL.compareTo(timeout) < 0
                ? BUSY_POLL : timeout);
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
        commit(assigned.values());
        holdOrRelease();
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
            a.sink.deadLetter(r, e.failure());
            return;
        }
        if (!filter.accepts(a.kind, value, a.kind.eventTimeNs(value))) {
            metrics.skipped(r.topic());
            a.sink.skip(r.offset(), PartitionSink.SkipReason.FILTERED);
            return;
        }
        a.sink.append(r, value);
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
            pause(a);
            a.failed(clock.millis(), settings.retryBackoff(), settings.maxRetryBackoff(), e.getMessage());
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
                    a.held = false;
                } catch (ExportIoException e) {
                    LOG.warn("{}: still cannot write: {}", a.partition, e.getMessage());
                    a.failed(now, settings.retryBackoff(), settings.maxRetryBackoff(), e.getMessage());
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
        a.sink.begin(position, a.committed);
        LOG.info("{}: exporting from offset {}", a.partition, position);
    }

    /** Commits what the sinks allow; a commit interrupted by {@link #shutdown()} is made again first. */
    private void commit(Collection<AssignedPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        List<AssignedPartition> committing = new ArrayList<>();
        for (AssignedPartition a : partitions) {
            Optional<OffsetAndMetadata> due = a.sink.commitDue();
            if (due.isPresent()) {
                offsets.put(a.partition, due.get());
                committing.add(a);
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            consumer.commitSync(offsets);
            committed(committing);
            throw e;
        } catch (KafkaException e) {
            // Retried next turn; until then the destination (manifests, commit intents) keeps the progress.
            LOG.warn("offset commit failed, retrying next turn: {}", e.toString());
            return;
        }
        committed(committing);
    }

    private static void committed(List<AssignedPartition> partitions) {
        for (AssignedPartition a : partitions) {
            a.sink.committed();
            // A commit of an earlier flush must not clear a failure that came after it (same turn, still paused).
            if (!a.paused) {
                a.failures = 0;
                a.problem = null;
            }
        }
    }

    /** Flushes leaving partitions within the leave timeout and commits what they completed. */
    private void leave(Collection<AssignedPartition> leaving) {
        long deadline = System.nanoTime() + settings.leaveTimeout().toNanos();
        for (AssignedPartition a : leaving) {
            if (!a.paused) {
                guarded(a, () -> a.sink.flush(deadline));
            }
        }
        try {
            commit(leaving);
        } catch (WakeupException e) {
            // the commit itself was made again inside commit()
        }
    }

    /** Pauses partitions whose sink has enough pending records, resumes those that take more again. */
    private void holdOrRelease() {
        for (AssignedPartition a : assigned.values()) {
            boolean hold = !a.sink.acceptsRecords();
            if (!a.paused && hold != a.held) {
                if (hold) {
                    consumer.pause(List.of(a.partition));
                } else {
                    consumer.resume(List.of(a.partition));
                }
                a.held = hold;
            }
        }
    }

    private void pause(AssignedPartition a) {
        if (!a.held) {
            consumer.pause(List.of(a.partition));
        }
        a.held = true;
    }

    private void updateHealth() {
        int paused = 0;
        int troubled = 0;
        String first = null;
        for (AssignedPartition a : assigned.values()) {
            String why = a.problem != null ? a.problem : a.sink.problem().orElse(null);
            if (why != null) {
                paused += a.paused || a.held ? 1 : 0;
                troubled++;
                first = first != null ? first : a.partition + ": " + why;
            }
        }
        pausedCount = paused;
        assignedCount = assigned.size();
        problem = troubled == 0 ? null : troubled + " of " + assigned.size() + " partitions held up (" + paused
                + " paused); first " + first;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            for (TopicPartition tp : partitions) {
                RecordKind kind = decoder.kindOf(tp.topic());
                AssignedPartition a = new AssignedPartition(tp, kind, sinks.create(tp, kind), committed.get(tp));
                assigned.put(tp, a);
                try {
                    start(a);
                } catch (ExportIoException e) {
                    LOG.warn("{}: cannot recover, retrying later: {}", tp, e.getMessage());
                    pause(a);
                    a.failed(clock.millis(), settings.retryBackoff(), settings.maxRetryBackoff(), e.getMessage());
                }
            }
            updateHealth();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            List<AssignedPartition> leaving = partitions.stream().map(assigned::remove).filter(Objects::nonNull)
                    .toList();
            leave(leaving);
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
