package io.tributary.export.http;

import java.util.Optional;

/**
 * The record offsets of the batch a partition has in flight, written as commit metadata (at the batch's start
 * offset) before the batch is sent. A worker that takes the partition over, after a crash or a rebalance,
 * re-forms exactly that batch first, so the resend carries the same {@code Idempotency-Key} whatever its own
 * batch limits and timing would have produced.
 */
record BatchIntent(long firstOffset, long lastOffset) {
    private static final String PREFIX = "tributary.http.inflight:";

    String metadata() {
        return PREFIX + firstOffset + "-" + lastOffset;
    }

    /** The intent in commit metadata, if that is what it holds. */
    static Optional<BatchIntent> parse(String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String range = metadata.substring(PREFIX.length());
        int dash = range.indexOf('-');
        try {
            long first = Long.parseLong(range.substring(0, dash));
            long last = Long.parseLong(range.substring(dash + 1));
            return first >= 0 && last >= first ? Optional.of(new BatchIntent(first, last)) : Optional.empty();
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
