package io.tributary.export.http;

import java.time.Duration;

/**
 * When a partition's pending records leave as a batch: at {@code maxEvents} records, before the NDJSON body
 * would exceed {@code maxBytes} (uncompressed), or when the oldest pending record waited {@code maxAge}.
 */
record BatchLimits(int maxEvents, long maxBytes, Duration maxAge) {
    BatchLimits {
        if (maxEvents < 1 || maxBytes < 1 || maxAge.isNegative()) {
            throw new IllegalArgumentException("invalid batch limits: " + maxEvents + " events, " + maxBytes
                    + " bytes, " + maxAge);
        }
    }
}
