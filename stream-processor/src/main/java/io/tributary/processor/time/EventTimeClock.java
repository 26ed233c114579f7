package io.tributary.processor.time;

/**
 * The event time of one partition (one stream task), as the windows and sessions of that partition see it.
 *
 * <p>Kafka Streams only moves stream time forward when records arrive, so the last windows of a quiet
 * partition would never close. This clock fixes that: while records flow it is the highest event time seen;
 * once no record has arrived for {@code idleAdvanceMs} of wall-clock time, it advances at wall-clock rate
 * from there. A low-traffic demo therefore still emits its metrics, about window + grace + idle-advance after
 * its last event. The price: an event that arrives after such an advance with an older event time is late.
 *
 * <p>A partition that has never seen a record stays {@link #UNKNOWN}; {@link #idleWithoutData} tells when it
 * has been idle for {@code idleAdvanceMs}, so that an empty partition need not hold back the others. Its
 * event time is never guessed from the wall clock: the first record it gets may be hours old (a replay).
 *
 * <p>Not thread-safe; each stream task owns one. The value never decreases.
 */
public final class EventTimeClock {
    /** Value of a clock that knows nothing yet. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private final long idleAdvanceMs;
    private long baseMs;
    private long lastRecordWallMs;

    /**
     * @param idleAdvanceMs idle wall-clock time after which the clock advances by itself
     * @param restoredMs event time restored from a state store, or {@link #UNKNOWN}
     * @param nowWallMs the current wall-clock time
     */
    public EventTimeClock(long idleAdvanceMs, long restoredMs, long nowWallMs) {
        if (idleAdvanceMs <= 0) {
            throw new IllegalArgumentException("idleAdvanceMs must be positive, got " + idleAdvanceMs);
        }
        this.idleAdvanceMs = idleAdvanceMs;
        this.baseMs = restoredMs;
        this.lastRecordWallMs = nowWallMs;
    }

    /** Records that an event with time {@code eventMs} arrived at wall-clock time {@code nowWallMs}. */
    public void observe(long eventMs, long nowWallMs) {
        baseMs = Math.max(current(nowWallMs), eventMs);
        lastRecordWallMs = nowWallMs;
    }

    /** True when the partition has never seen a record and has been idle for the idle-advance time. */
    public boolean idleWithoutData(long nowWallMs) {
        return baseMs == UNKNOWN && nowWallMs - lastRecordWallMs >= idleAdvanceMs;
    }

    /**
     * The partition's event time at wall-clock time {@code nowWallMs}, or {@link #UNKNOWN}. While
     * {@code caughtUp} is false the partition has data waiting, so idle time does not count.
     */
    public long current(long nowWallMs, boolean caughtUp) {
        if (!caughtUp) {
            baseMs = current(nowWallMs);
            lastRecordWallMs = nowWallMs;
        }
        return current(nowWallMs);
    }

    /** The partition's event time at wall-clock time {@code nowWallMs}, or {@link #UNKNOWN}. */
    public long current(long nowWallMs) {
        long idle = nowWallMs - lastRecordWallMs;
        if (idle < idleAdvanceMs) {
            return baseMs;
        }
        return baseMs == UNKNOWN ? UNKNOWN : baseMs + idle;
    }
}
