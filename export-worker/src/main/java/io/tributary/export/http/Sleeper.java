package io.tributary.export.http;

import java.time.Duration;

/** Waits between attempts. Injected so tests of the retry policy run without waiting. */
@FunctionalInterface
interface Sleeper {
    /** Sleeps on the current thread; interruptible. */
    Sleeper SYSTEM = d -> {
        if (!d.isZero() && !d.isNegative()) {
            Thread.sleep(d.toMillis());
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
