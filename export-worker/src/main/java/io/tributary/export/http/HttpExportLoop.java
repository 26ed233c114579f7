package io.tributary.export.http;

import io.micrometer.core.instrument.Gauge;
import io.tributary.export.format.RecordKind;
import io.tributary.export.core.Health;
import io.tributary.export.core.RecordDecodeException;
import io.tributary.export.core.RecordDecoder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * The consumer thread of the HTTP exporter. Each turn it collects finished batches, polls, decodes records into
 * NDJSON lines, cuts batches for partitions with nothing in flight, commits (delivered offsets, and the intent
 * of each new batch), and only then hands the new batches to the sender pool. Partitions whose pending records
 * exceed two batches, or whose endpoint refuses the credentials, are paused.
 *
 * <p>Offsets only move past records that are delivered or dead-lettered. On revocation and shutdown, batches
 * in flight get {@code shutdownTimeout} to finish; those that do not are cancelled and stay uncommitted.
 */
final class HttpExportLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpExportLoop.class);
    private static final Duration BUSY_POLL = Duration.ofMillis(5);

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final RecordDecoder decoder;
    private final BatchSender sender;
    private final ExecutorService senders;
    private final BatchLimits limits;
    private final Duration pollTimeout;
    private final Duration shutdownTimeout;
    private final Clock clock;
    private final HttpExportMetrics metrics;
    private final NdjsonLines lines = new NdjsonLines();
    private final Map<TopicPartition, PartitionState> states = new HashMap<>();
    private volatile boolean running = true;
    private volatile boolean crashed;
    private volatile Health health = Health.HEALTHY;
    private volatile int assignedCount;
    private volatile int pausedCount;

    HttpExportLoop(Consumer<byte[], byte[]> consumer, List<String> topics, RecordDecoder decoder, BatchSender sender,
            ExecutorService senders, BatchLimits limits, Duration pollTimeout, Duration shutdownTimeout, Clock clock,
            HttpExportMetrics metrics) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.topics = List.copyOf(topics);
        this.decoder = decoder;
        this.sender = sender;
        this.senders = senders;
        this.limits = limits;
        this.pollTimeout = pollTimeout;
        this.shutdownTimeout = shutdownTimeout;
        this.clock = clock;
        this.metrics = metrics;
        Gauge.builder("tributary.export.health", this, l -> l.health == Health.HEALTHY ? 1 : 0)
                .description("1 when healthy, 0 when degraded").tag("exporter", "http").register(metrics.registry());
        Gauge.builder("tributary.export.partitions.assigned", this, l -> l.assignedCount)
                .tag("exporter", "http").register(metrics.registry());
        Gauge.builder("tributary.export.partitions.paused", this, l -> l.pausedCount)
                .tag("exporter", "http").register(metrics.registry());
    }

    Health health() {
        return crashed ? Health.DEGRADED : health;
    }

    void shutdown() {
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
        try {
            consumer.subscribe(topics, new Rebalance());
            while (running) {
                try {
                    turn();
                } catch (WakeupException e) {
                    // shutdown() was called; the loop condition ends the loop
                }
            }
            release(new ArrayList<>(states.keySet()));
        } catch (RuntimeException e) {
            crashed = true;
            LOG.error("HTTP export loop stopped on an unexpected error; nothing undelivered was committed", e);
            states.values().forEach(s -> cancel(s));
            throw e;
        } finally {
            try {
                consumer.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the consumer failed: {}", e.toString());
            }
        }
    }

    private void turn() {
        collectFinished();
        boolean busy = states.values().stream().anyMatch(s -> s.inFlight != null);
        ConsumerRecords<byte[], byte[]> records = consumer.poll(busy && BUSY_POLL.compareTo(pollTimeout) < 0
                ? BUSY_POLL : pollTimeout);
        long now = clock.millis();
        for (TopicPartition tp : records.partitions()) {
            PartitionState s = states.get(tp);
            if (s != null) {
                RecordKind kind = decoder.kindOf(tp.topic());
                for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                    s.add(convert(r, kind), now);
                }
            }
        }
        for (PartitionState s : states.values()) {
            if (s.inFlight == null && s.ready(now, limits)) {
                s.inFlight = s.cut(now, limits);
                s.commitDue = true;
            }
        }
        if (commit(states.values())) {
            for (PartitionState s : states.values()) {
                if (s.inFlight != null && s.future == null) {
                    Batch batch = s.inFlight;
                    s.future = senders.submit(() -> sender.deliver(batch, s.status));
                }
            }
        }
        applyBackpressure();
        updateHealth();
    }

    private BatchRecord convert(ConsumerRecord<byte[], byte[]> r, RecordKind kind) {
        if (r.value() == null) {
            return BatchRecord.empty(r);
        }
        try {
            return BatchRecord.event(r, lines.line(kind, decoder.decode(r, kind)));
        } catch (RecordDecodeException e) {
            return BatchRecord.undecodable(r, e.failure());
        }
    }

    /** Marks finished batches delivered; a batch whose task failed unexpectedly is sent again. */
    private void collectFinished() {
        for (PartitionState s : states.values()) {
            if (s.future == null || !s.future.isDone()) {
                continue;
            }
            try {
                s.future.get();
                s.inFlight = null;
                s.commitDue = true;
            } catch (ExecutionException e) {
                LOG.error("{}: delivering {} failed unexpectedly, sending it again", s.partition, s.inFlight,
                        e.getCause());
            } catch (InterruptedException | CancellationException e) {
                // only the loop cancels, and it drops the partition's state when it does
                LOG.warn("{}: delivery of {} was cancelled", s.partition, s.inFlight);
            }
            s.future = null;
        }
    }

    /**
     * Commits every partition whose delivered offset or in-flight intent changed.
     *
     * @return true when that succeeded (or nothing was due), so new batches may be sent
     */
    private boolean commit(Collection<PartitionState> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionState s : partitions) {
            if (s.commitDue) {
                offsets.put(s.partition, new OffsetAndMetadata(s.commitOffset(), s.commitMetadata()));
            }
        }
        if (offsets.isEmpty()) {
            return true;
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // shutdown() interrupted the commit: make it anyway, then let the loop end
            consumer.commitSync(offsets);
            partitions.forEach(s -> s.commitDue = false);
            throw e;
        } catch (KafkaException e) {
            LOG.warn("offset commit failed, retrying next turn: {}", e.toString());
            return false;
        }
        for (PartitionState s : partitions) {
            s.commitDue = false;
        }
        return true;
    }

    private void applyBackpressure() {
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        int paused = 0;
        for (PartitionState s : states.values()) {
            boolean full = s.pendingCount() >= 2L * limits.maxEvents() || s.pendingBytes() >= 2 * limits.maxBytes();
            boolean shouldPause = full || s.status.authFailing;
            if (shouldPause != s.paused) {
                (shouldPause ? pause : resume).add(s.partition);
                s.paused = shouldPause;
            }
            paused += s.status.authFailing ? 1 : 0;
        }
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
        pausedCount = paused;
    }

    private void updateHealth() {
        assignedCount = states.size();
        health = states.values().stream().anyMatch(s -> s.status.degraded()) ? Health.DEGRADED : Health.HEALTHY;
    }

    /**
     * Lets in-flight batches of {@code partitions} finish within the shutdown timeout, commits what was
     * delivered, cancels the rest (uncommitted, their intent stays committed) and forgets the partitions.
     */
    private void release(Collection<TopicPartition> partitions) {
        List<PartitionState> leaving = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            PartitionState s = states.remove(tp);
            if (s != null) {
                leaving.add(s);
            }
        }
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        for (PartitionState s : leaving) {
            if (s.future == null) {
                // formed but never sent (its intent commit failed): committing its start offset is still right
                continue;
            }
            try {
                s.future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                s.inFlight = null;
                s.commitDue = true;
            } catch (TimeoutException | ExecutionException | CancellationException e) {
                LOG.warn("{}: {} not delivered before the partition left; it stays uncommitted and is resent "
                        + "under the same Idempotency-Key", s.partition, s.inFlight);
                cancel(s);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel(s);
            }
        }
        try {
            commit(leaving);
        } catch (WakeupException e) {
            // the commit itself was made again inside commit()
        }
        updateHealth();
    }

    private static void cancel(PartitionState s) {
        if (s.future != null) {
            s.future.cancel(true);
        }
        s.commitDue = false;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            for (TopicPartition tp : partitions) {
                long position = consumer.position(tp);
                OffsetAndMetadata c = committed.get(tp);
                BatchIntent intent = c == null || c.offset() != position ? null
                        : BatchIntent.parse(c.metadata()).filter(i -> i.firstOffset() >= position).orElse(null);
                states.put(tp, new PartitionState(tp, position, intent));
                if (intent != null) {
                    LOG.info("{}: forwarding from offset {}, first re-forming the predecessor's unconfirmed batch {}..{}", tp,
                            position, intent.firstOffset(), intent.lastOffset());
                } else {
                    LOG.info("{}: forwarding from offset {}", tp, position);
                }
            }
            updateHealth();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                PartitionState s = states.remove(tp);
                if (s != null) {
                    cancel(s);
                }
            }
            updateHealth();
        }
    }
}
