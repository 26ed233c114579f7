package io.tributary.processor.sampling;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the changes of the rules table of one topology: the global-store updater bumps it after every change
 * it applies, and the sampling processors, which resolve each event's rule from a small cache, drop that cache
 * whenever it moved. So a rule change still applies to the next event processed after it, without three
 * store look-ups per event in between. Thread-safe.
 */
final class RulesVersion {
    private final AtomicLong version = new AtomicLong();

    /** The current version; read it before reading the store. */
    long current() {
        return version.get();
    }

    /** Marks a change; call it after writing the store. */
    void changed() {
        version.incrementAndGet();
    }
}
