package io.tributary.export.http;

import java.time.Duration;

/**
 * How a failing batch is retried: exponential backoff with full jitter (the wait before retry {@code n} is
 * drawn uniformly from {@code [0, min(max, initial × multiplier^(n-1))]}), a {@code Retry-After} header taking
 * precedence (cut to {@code retryAfterMax}), and after {@code maxElapsed} the {@code exhausted} action.
 * Authentication failures are retried every {@code authRetry}, forever.
 */
record RetryPolicy(Duration initial, double multiplier, Duration max, Duration maxElapsed,
        HttpExportConfig.Exhausted exhausted, Duration retryAfterMax, Duration authRetry) {

    /** The policy of the issue: 100 ms × 2 up to 30 s, 5 minutes, then block; auth retried every 30 s. */
    static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(30), Duration.ofMinutes(5),
                HttpExportConfig.Exhausted.BLOCK, Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    /** The backoff cap before retry number {@code failures} (1 for the first retry). */
    Duration cap(int failures) {
        double cap = initial.toMillis() * Math.pow(multiplier, Math.max(0, failures - 1));
        return Duration.ofMillis((long) Math.min(max.toMillis(), cap));
    }

    /**
     * The wait before retry number {@code failures}.
     *
     * @param unitRandom a uniform random number in {@code [0, 1)}
     */
    Duration backoff(int failures, double unitRandom) {
        return Duration.ofMillis((long) (cap(failures).toMillis() * unitRandom));
    }

    /** A server-requested wait, cut to {@link #retryAfterMax()}. */
    Duration retryAfter(Duration requested) {
        return requested.compareTo(retryAfterMax) > 0 ? retryAfterMax : requested;
    }
}
