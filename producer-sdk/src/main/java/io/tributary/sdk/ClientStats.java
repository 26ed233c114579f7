package io.tributary.sdk;

import java.util.Map;

/**
 * A snapshot of a client's counters. Every event handed to the client is in exactly one place, so at rest
 * (after {@link TributaryClient#flush} or {@link TributaryClient#close}) this holds exactly:
 * <pre>
 * received + recovered = sent + dropped + sampledOut + pending + spooled
 * </pre>
 * where {@code spooled} counts events sitting in the disk spool now ({@link #recovered()} plus
 * {@link #spooledTotal()} minus
 * {@link #replayed()} minus the spooled events dropped with {@link DropReason#SPOOL_FULL}). Under load the
 * counters are read one after another, so a snapshot may be off by the events moving at that instant.
 *
 * @param received events handed to the client (every {@code track}, session and low-level call)
 * @param sampledOut events not kept by sampling at source
 * @param dropped events lost, by reason
 * @param truncated events that had at least one field shortened or removed to fit the limits
 * @param sent events the broker acknowledged
 * @param failed delivery attempts that failed (each then spooled or dropped)
 * @param spooledTotal events written to the spool, ever
 * @param replayed events read back from the spool for another delivery attempt (less those handed back to it
 *                 unsent: Kafka did not take them, and they never left their segment), plus those found
 *                 unreadable there (also counted {@link DropReason#SPOOL_ERROR})
 * @param recovered events found in the spool at start, left there by an earlier process
 * @param queueDepth events waiting in the buffer
 * @param queueBytes estimated bytes of the events waiting in the buffer
 * @param inFlight events handed to Kafka and not yet acknowledged or failed
 */
public record ClientStats(long received, long sampledOut, Map<DropReason, Long> dropped, long truncated, long sent,
        long failed, long spooledTotal, long replayed, long recovered, long queueDepth, long queueBytes, long inFlight) {

    /** All dropped events, whatever the reason. */
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Events waiting in the buffer or in flight. */
    public long pending() {
        return queueDepth + inFlight;
    }

    /** Events in the spool now. */
    public long spooled() {
        return recovered + spooledTotal - replayed - dropped.getOrDefault(DropReason.SPOOL_FULL, 0L);
    }

    /** True when the accounting invariant holds for this snapshot. */
    public boolean balanced() {
        return received + recovered == sent + droppedTotal() + sampledOut + pending() + spooled();
    }
}
