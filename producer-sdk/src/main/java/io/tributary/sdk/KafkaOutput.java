package io.tributary.sdk;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's way to Kafka: hands events to the producer and turns what Kafka reports into counts, a
 * failure queue and a "Kafka lost" signal. {@link #send} runs on the dispatching thread only; callbacks run on
 * Kafka's I/O thread, and {@link #closeProducer} on the closing one.
 */
final class KafkaOutput {
    private static final Logger log = LoggerFactory.getLogger(KafkaOutput.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Counters counters;
    /** Only the spool reads an event's bytes after a failure: without one, they are not kept while in flight. */
    private final boolean keepBytes;
    /** Whether sends are attempted now (the dispatcher's state, signals applied). */
    private final BooleanSupplier reachable;
    /** Told, on any thread, that Kafka was found unreachable. */
    private final Runnable lost;
    /** Events Kafka failed, waiting for the dispatcher to spool or drop them; still counted in flight. */
    private final ConcurrentLinkedQueue<PendingEvent> failures = new ConcurrentLinkedQueue<>();
    /** Set by {@link #closeProducer} before it fails what the producer holds: those failures are not Kafka's. */
    private volatile boolean closing;
    /**
     * The thread inside {@code producer.send}, so that the callback can tell a failure reported at once. Plain:
     * only that thread needs its own writes, and no other thread can ever be the one it names.
     */
    private Thread sendingThread;
    private Exception syncFailure; // used by the sending thread only

    KafkaOutput(Producer<String, byte[]> producer, String topic, Counters counters, boolean keepBytes,
            BooleanSupplier reachable, Runnable lost) {
        this.producer = producer;
        this.topic = topic;
        this.counters = counters;
        this.keepBytes = keepBytes;
        this.reachable = reachable;
        this.lost = lost;
    }

    /** Whether the producer was closed by close: what fails now was not delivered, but nothing is wrong with it. */
    boolean closing() {
        return closing;
    }

    /** Takes the oldest failure waiting, or null. */
    PendingEvent pollFailure() {
        return failures.poll();
    }

    boolean hasFailures() {
        return !failures.isEmpty();
    }

    /**
     * Closes Kafka's producer forcibly, failing through the callbacks whatever it still holds; a dispatching
     * thread still inside {@code send} then finds it closed and keeps what it had not handed over.
     */
    void closeProducer() {
        closing = true;
        try {
            producer.close(Duration.ZERO);
        } catch (RuntimeException e) { // an interceptor or metrics reporter failing to close: the events come first
            log.warn("Tributary: closing Kafka's producer failed", e);
        }
    }

    /** Hands the event to Kafka, or queues it as failed; the caller has already counted it in flight. */
    void sendOrFail(PendingEvent event) {
        if (!send(event)) {
            failures.add(event);
        }
    }

    /**
     * Hands the event to Kafka; the caller has already counted it in flight. Returns false when Kafka did not
     * take it and it may be sent again later (Kafka unreachable, or close interrupting): the caller then owns it.
     * An event Kafka refuses for good, now or later, goes to the failures with its reason.
     */
    boolean send(PendingEvent event) {
        if (!reachable.getAsBoolean()) {
            // Kafka became unreachable earlier in this batch: do not wait max.block.ms once per event.
            return false;
        }
        syncFailure = null;
        sendingThread = Thread.currentThread();
        try {
            producer.send(new ProducerRecord<>(topic, event.key, event.value), (metadata, error) -> {
                if (error != null && Thread.currentThread() == sendingThread) {
                    // KafkaProducer reports what it finds before queueing the record (metadata not available
                    // within max.block.ms, buffer memory exhausted, a record too large) by calling back at once,
                    // on the sending thread, rather than by throwing: handled below as if thrown.
                    syncFailure = error;
                    return;
                }
                completed(event, error);
            });
        } catch (InterruptException e) {
            // close() interrupted send while it waited for metadata or buffer memory: the record was not
            // queued, and nothing after it in this batch will be, so the rest follows it to the spool in order.
            counters.failed.increment();
            lost.run();
            return false;
        } catch (KafkaException e) {
            syncFailure = e;
        } catch (IllegalStateException e) {
            if (!closing) {
                throw e;
            }
            return false; // close() closed Kafka's producer while this thread was still busy: kept for the spool
        } finally {
            sendingThread = null;
        }
        if (syncFailure != null) {
            return notQueued(event, syncFailure);
        }
        if (!keepBytes) {
            event.key = null;
            event.value = null;
        }
        return true;
    }

    /** Kafka's answer for an event it had queued; on Kafka's I/O thread. */
    private void completed(PendingEvent event, Exception error) {
        if (error == null) {
            counters.sent.increment();
            counters.inFlight.decrementAndGet();
            if (event.origin != null) {
                event.origin.resolve();
            }
            return;
        }
        counters.failed.increment();
        // With closing set, our own forced close failed it (kafka-clients fails every unfinished batch with a
        // plain, not retriable, KafkaException): not delivered, but nothing is wrong with it.
        if (error instanceof RetriableException) {
            lost.run();
        } else if (!closing || error instanceof ApiException) {
            event.permanentFailure = error;
        }
        failures.add(event); // stays in flight until the dispatcher spools or drops it
    }

    /**
     * Handles a record Kafka refused before queueing it. Kafka unreachable: returns false, and the caller keeps
     * the event and those after it. Otherwise (a record too large, say) it is a permanent failure, handled like
     * one reported later: returns true.
     */
    private boolean notQueued(PendingEvent event, Exception e) {
        if (closing && !(e instanceof ApiException)) {
            return false; // "producer closed while send in progress": close() got there first, nothing is wrong
        }
        counters.failed.increment();
        if (e instanceof RetriableException) {
            lost.run();
            log.warn("Tributary cannot reach Kafka ({}); {}", e.toString(),
                    keepBytes ? "spooling to disk" : "keeping events in the buffer");
            return false;
        }
        event.permanentFailure = e;
        failures.add(event);
        return true;
    }
}
