package io.tributary.processor.time;

/**
 * Tells whether this instance has read a raw partition up to its end. An {@link EventTimeClock} only advances
 * by the wall clock while its partition is caught up: a partition that merely stalls (a rebalance, a slow
 * restore) has data waiting and is not quiet.
 */
@FunctionalInterface
public interface LagProbe {
    /** A probe that always answers yes (tests, and when lag cannot be observed). */
    LagProbe ALWAYS_CAUGHT_UP = partition -> true;

    /** True when the consumer of raw partition {@code partition} has no lag. */
    boolean caughtUp(int partition);
}
