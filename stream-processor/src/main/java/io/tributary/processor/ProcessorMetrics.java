package io.tributary.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Objects;

/**
 * The processor's own counters, in a Micrometer registry the caller supplies (a Prometheus registry in
 * production). Meter names are public API:
 * <ul>
 *   <li>{@value #DLQ}, tag {@code reason}: records routed to the dead-letter topic</li>
 *   <li>{@value #CLAMPED}: events whose time lay too far in the future and was clamped to now</li>
 *   <li>{@value #LATE}, tag {@code window}: events that reached a metrics window after it closed</li>
 *   <li>{@value #VALID}: events that passed validation</li>
 *   <li>{@value #SAMPLED}, tag {@code decision} ({@code kept}, {@code dropped}): sampling outcomes</li>
 * </ul>
 * Thread-safe.
 */
public final class ProcessorMetrics {
    public static final String DLQ = "tributary.processor.dlq";
    public static final String CLAMPED = "tributary.processor.events.clamped";
    public static final String LATE = "tributary.processor.events.late";
    public static final String VALID = "tributary.processor.events.valid";
    public static final String SAMPLED = "tributary.processor.events.sampled";

    private final MeterRegistry registry;
    private final Counter clamped;
    private final Counter valid;
    private final Counter kept;
    private final Counter dropped;

    /** Counters registered in {@code registry}. */
    public ProcessorMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clamped = registry.counter(CLAMPED);
        this.valid = registry.counter(VALID);
        this.kept = registry.counter(SAMPLED, "decision", "kept");
        this.dropped = registry.counter(SAMPLED, "decision", "dropped");
    }

    /** Counters in a private in-memory registry, for tests and embedded use. */
    public static ProcessorMetrics inMemory() {
        return new ProcessorMetrics(new SimpleMeterRegistry());
    }

    /** The registry the counters live in. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Counts a record routed to the DLQ. */
    public void deadLettered(String reason) {
        registry.counter(DLQ, "reason", reason).increment();
    }

    /** Counts a clamped event. */
    public void clamped() {
        clamped.increment();
    }

    /** Counts a valid event. */
    public void valid() {
        valid.increment();
    }

    /** Counts a late event of the metrics window size labelled {@code window}. */
    public void late(String window) {
        late(window, 1);
    }

    /** Counts {@code events} late events of the metrics window size labelled {@code window}. */
    public void late(String window, long events) {
        registry.counter(LATE, "window", window).increment(events);
    }

    /** Counts a sampling decision. */
    public void sampled(boolean wasKept) {
        (wasKept ? kept : dropped).increment();
    }

    /** Current value of counter {@code name} with the given tag pairs; 0 when it was never incremented. */
    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
