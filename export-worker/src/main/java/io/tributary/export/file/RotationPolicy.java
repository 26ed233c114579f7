package io.tributary.export.file;

import java.time.Duration;
import java.util.Objects;

/**
 * When the open flush of a partition is completed: after {@code maxEvents} records, once its files hold
 * {@code maxBytes} bytes (as written to disk, compressed; formats that buffer, such as Parquet, report with a
 * delay), or when its first record is {@code maxAge} old, also on an idle partition.
 *
 * @param maxEvents records per flush, at least 1
 * @param maxBytes bytes per flush, at least 1
 * @param maxAge age of a flush, positive
 */
public record RotationPolicy(long maxEvents, long maxBytes, Duration maxAge) {
    public RotationPolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1, got " + maxEvents);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
        }
    }
}
