package io.tributary.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link TributaryClient} does with a new event when its buffer is full (by events or by bytes).
 * Every event refused this way is counted in {@link ClientStats#dropped()} under {@link DropReason#QUEUE_FULL}.
 */
public final class BackpressurePolicy {
    /** The three behaviours. */
    public enum Kind {
        /** Refuse the new event; the caller never waits. The default. */
        DROP_NEWEST,
        /** Evict the oldest buffered event to make room; the caller never waits. */
        DROP_OLDEST,
        /** Wait up to a timeout for room, then refuse the new event. */
        BLOCK
    }

    private static final BackpressurePolicy DROP_NEWEST = new BackpressurePolicy(Kind.DROP_NEWEST, Duration.ZERO);
    private static final BackpressurePolicy DROP_OLDEST = new BackpressurePolicy(Kind.DROP_OLDEST, Duration.ZERO);

    private final Kind kind;
    private final Duration timeout;

    private BackpressurePolicy(Kind kind, Duration timeout) {
        this.kind = kind;
        this.timeout = timeout;
    }

    /** Refuse the new event (default). */
    public static BackpressurePolicy dropNewest() {
        return DROP_NEWEST;
    }

    /** Evict the oldest buffered event. */
    public static BackpressurePolicy dropOldest() {
        return DROP_OLDEST;
    }

    /**
     * Block the caller up to {@code timeout} for room, then refuse the event.
     *
     * @throws IllegalArgumentException if the timeout is negative
     */
    public static BackpressurePolicy block(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("block timeout must not be negative, got " + timeout);
        }
        return new BackpressurePolicy(Kind.BLOCK, timeout);
    }

    public Kind kind() {
        return kind;
    }

    /** How long {@link Kind#BLOCK} waits; zero for the other kinds. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return kind == Kind.BLOCK ? "BLOCK(" + timeout + ")" : kind.name();
    }
}
