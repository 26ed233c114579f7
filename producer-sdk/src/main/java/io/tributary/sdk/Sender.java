package io.tributary.sdk;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's one background thread: drains the buffer, finishes and sends events, routes failures to the
 * spool (or counts them dropped), and replays the spool once the broker is back.
 *
 * <p>While the broker is unreachable the sender does not call {@code send} at all, so Kafka's
 * {@code max.block.ms} stalls only this thread, and only once per probe: events go to the spool, or stay
 * in the bounded buffer when there is no spool.
 */
final class Sender implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    private static final int BATCH = 512;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long THROTTLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final EventBuffer buffer;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final EventFinisher finisher;
    private final DiskSpool spool;
    private final Counters counters;
    private final long probeIntervalNanos;
    private final long maxInFlight;
    private final ConcurrentLinkedQueue<PendingEvent> failures = new ConcurrentLinkedQueue<>();
    private final List<PendingEvent> batch = new ArrayList<>(BATCH);
    private volatile boolean running = true;
    private volatile boolean available = true;
    private long nextProbe;

    Sender(EventBuffer buffer, Producer<String, byte[]> producer, String topic, EventFinisher finisher,
            DiskSpool spool, Counters counters, Duration probeInterval, long maxInFlight) {
        this.buffer = buffer;
        this.producer = producer;
        this.topic = topic;
        this.finisher = finisher;
        this.spool = spool;
        this.counters = counters;
        this.probeIntervalNanos = probeInterval.toNanos();
        this.maxInFlight = maxInFlight;
    }

    boolean available() {
        return available;
    }

    /** Asks the loop to finish: it drains the buffer once more and returns. */
    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (!step()) {
                    // At the in-flight cap, acknowledgements free room within milliseconds: re-check soon.
                    LockSupport.parkNanos(this, counters.inFlight.get() >= maxInFlight ? THROTTLE_PARK_NANOS
                            : IDLE_PARK_NANOS);
                }
            } catch (RuntimeException e) {
                log.error("Tributary sender loop failed; continuing", e);
            }
        }
    }

    /** One round of work; false when there was nothing to do. */
    boolean step() {
        boolean worked = handleFailures();
        if (!available && !probe()) {
            return spoolBuffered() || worked;
        }
        worked |= replay();
        batch.clear();
        if (counters.inFlight.get() < maxInFlight && buffer.drain(batch, BATCH) > 0) {
            for (PendingEvent event : batch) {
                if (finisher.finish(event, counters)) {
                    send(event);
                } else {
                    counters.drop(DropReason.TOO_LARGE, 1, System.currentTimeMillis());
                }
            }
            return true;
        }
        return worked;
    }

    /** True when nothing is left: buffer empty, nothing in flight, no failure waiting to be handled. */
    boolean idle() {
        return buffer.isEmpty() && counters.inFlight.get() == 0 && failures.isEmpty();
    }

    /** Spools or drops whatever is left at close; called on the closing thread after the loop ended. */
    void abandonRemaining() {
        producer.close(Duration.ZERO); // fails anything still in Kafka's accumulator, through the callbacks
        handleFailures();
        List<PendingEvent> rest = new ArrayList<>();
        buffer.drain(rest, Integer.MAX_VALUE);
        if (spool == null) {
            counters.drop(DropReason.CLOSED, rest.size(), System.currentTimeMillis());
            return;
        }
        List<PendingEvent> encoded = new ArrayList<>();
        for (PendingEvent event : rest) {
            if (finisher.finish(event, counters)) {
                encoded.add(event);
            } else {
                counters.drop(DropReason.TOO_LARGE, 1, System.currentTimeMillis());
            }
        }
        if (!toSpool(encoded)) {
            counters.drop(DropReason.CLOSED, encoded.size(), System.currentTimeMillis());
        }
    }

    private void send(PendingEvent event) {
        counters.inFlight.incrementAndGet();
        if (!available) {
            // Kafka became unreachable earlier in this batch: do not wait max.block.ms once per event.
            failures.add(event);
            return;
        }
        try {
            producer.send(new ProducerRecord<>(topic, event.key, event.value), (metadata, error) -> {
                if (error == null) {
                    counters.sent.increment();
                    counters.inFlight.decrementAndGet();
                    if (event.origin != null) {
                        event.origin.resolve();
                    }
                } else {
                    counters.failed.increment();
                    if (error instanceof RetriableException) {
                        available = false;
                    } else {
                        event.permanentFailure = error;
                    }
                    failures.add(event); // stays in flight until the sender spools or drops it
                }
            });
        } catch (KafkaException e) {
            // Thrown before the record was queued: metadata not available within max.block.ms, or worse.
            counters.failed.increment();
            if (e instanceof RetriableException) {
                available = false;
                nextProbe = System.nanoTime() + probeIntervalNanos;
                log.warn("Tributary cannot reach Kafka ({}); {}", e.toString(),
                        spool != null ? "spooling to disk" : "keeping events in the buffer");
            } else {
                event.permanentFailure = e;
            }
            failures.add(event);
        }
    }

    private boolean handleFailures() {
        if (failures.isEmpty()) {
            return false;
        }
        List<PendingEvent> failed = new ArrayList<>();
        List<PendingEvent> rejected = new ArrayList<>();
        PendingEvent event;
        while ((event = failures.poll()) != null) {
            (event.permanentFailure == null ? failed : rejected).add(event);
        }
        if (!rejected.isEmpty()) {
            // Kafka refused these for good (too large for the broker, not authorized, ...): retrying cannot help.
            log.error("Tributary: Kafka rejected {} events: {}", rejected.size(), rejected.get(0).permanentFailure.toString());
            counters.drop(DropReason.DELIVERY_FAILED, rejected.size(), System.currentTimeMillis());
        }
        if (!toSpool(failed)) {
            counters.drop(spool == null ? DropReason.DELIVERY_FAILED : DropReason.SPOOL_ERROR, failed.size(),
                    System.currentTimeMillis());
        }
        failed.addAll(rejected);
        for (PendingEvent f : failed) {
            counters.inFlight.decrementAndGet();
            if (f.origin != null) {
                f.origin.resolve();
            }
        }
        return true;
    }

    private boolean toSpool(List<PendingEvent> events) {
        if (spool == null || events.isEmpty()) {
            return events.isEmpty();
        }
        try {
            spool.append(events);
            return true;
        } catch (IOException e) {
            log.error("Tributary spool write failed; {} events dropped", events.size(), e);
            return false;
        }
    }

    private boolean spoolBuffered() {
        if (spool == null) {
            return false; // events wait in the bounded buffer; the back-pressure policy applies
        }
        batch.clear();
        if (buffer.drain(batch, BATCH) == 0) {
            return false;
        }
        List<PendingEvent> encoded = new ArrayList<>(batch.size());
        for (PendingEvent event : batch) {
            if (finisher.finish(event, counters)) {
                encoded.add(event);
            } else {
                counters.drop(DropReason.TOO_LARGE, 1, System.currentTimeMillis());
            }
        }
        if (!toSpool(encoded)) {
            counters.drop(DropReason.SPOOL_ERROR, encoded.size(), System.currentTimeMillis());
        }
        return true;
    }

    private boolean probe() {
        long now = System.nanoTime();
        if (now < nextProbe) {
            return false;
        }
        nextProbe = now + probeIntervalNanos;
        try {
            producer.partitionsFor(topic);
            available = true;
            log.info("Tributary reached Kafka again");
            return true;
        } catch (KafkaException e) {
            return false;
        }
    }

    private boolean replay() {
        if (spool == null || counters.inFlight.get() >= maxInFlight) {
            return false;
        }
        try {
            List<PendingEvent> events = spool.read(BATCH);
            events.forEach(this::send);
            return !events.isEmpty();
        } catch (IOException e) {
            log.error("Tributary spool read failed; segments stay on disk for the next start", e);
            return false;
        }
    }
}
