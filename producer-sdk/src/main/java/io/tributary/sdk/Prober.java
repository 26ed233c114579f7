package io.tributary.sdk;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks whether Kafka is back, once a send has found it gone: on a short-lived daemon thread, so that no step
 * of the dispatcher waits for the answer, one probe at a time and at most one per interval.
 */
final class Prober {
    private static final Logger log = LoggerFactory.getLogger(Prober.class);

    private final KafkaProbe probe;
    private final long intervalNanos;
    private final Runnable onBack;
    private final Runnable afterEach;
    private final LongSupplier nanoTime;
    /** When the last probe ended, or Kafka was last found gone, by {@link #nanoTime}. */
    private volatile long lastEnd;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile Thread thread;
    private volatile boolean problemLogged;

    /**
     * @param onBack    runs on the probe thread when Kafka answered
     * @param afterEach runs on the probe thread after every probe (wakes the sender)
     * @param nanoTime  the clock of the interval ({@link System#nanoTime} outside tests)
     */
    Prober(KafkaProbe probe, Duration interval, Runnable onBack, Runnable afterEach, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.probe = probe;
        this.intervalNanos = interval.toNanos();
        this.onBack = onBack;
        this.afterEach = afterEach;
        this.lastEnd = nanoTime.getAsLong() - intervalNanos;
    }

    /** Kafka was just found gone: the next probe waits a whole interval. */
    void kafkaGone() {
        lastEnd = nanoTime.getAsLong();
    }

    /**
     * Starts a probe on its own daemon thread, named after the calling one, unless one is running or the last
     * ended less than an interval ago. Never blocks.
     */
    void probeIfDue() {
        if (nanoTime.getAsLong() - lastEnd < intervalNanos || !probing.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::probeOnce, Thread.currentThread().getName() + "-probe");
        t.setDaemon(true);
        thread = t;
        try {
            t.start();
        } catch (RuntimeException | Error e) { // no thread to be had (OutOfMemoryError, say): ask again later
            lastEnd = nanoTime.getAsLong();
            probing.set(false);
            throw e;
        }
    }

    private void probeOnce() {
        try {
            probe.check();
            onBack.run();
        } catch (AuthenticationException | ConfigException e) {
            // Not a passing outage: say so, once, rather than stay DEGRADED without a word.
            if (!problemLogged) {
                problemLogged = true;
                log.warn("Tributary cannot ask Kafka whether it is back; still spooling", e);
            }
        } catch (KafkaException e) {
            // still unreachable (or interrupted by close): the next turn past the interval asks again
            log.debug("Tributary probe: Kafka still unreachable", e);
        } catch (RuntimeException e) {
            log.warn("Tributary probe failed; asking again later", e);
        } finally {
            lastEnd = nanoTime.getAsLong();
            probing.set(false);
            afterEach.run();
        }
    }

    /**
     * Interrupts a probe still waiting for Kafka, waits up to {@code millis} for its thread to end, then closes
     * the probe (failing it if it still waits). Call once no new probe can start.
     */
    void stop(long millis) throws InterruptedException {
        try {
            Thread t = thread;
            if (t != null) {
                t.interrupt();
                t.join(Math.max(1, millis));
            }
        } finally {
            probe.close();
        }
    }
}
