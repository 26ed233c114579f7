package io.tributary.sdk;

/** Why an accepted-for-processing event was not delivered. Names appear as metric tags; they are stable. */
public enum DropReason {
    /** The buffer was full and the back-pressure policy refused or evicted the event. */
    QUEUE_FULL,
    /** The event was still larger than the byte limit after truncation. */
    TOO_LARGE,
    /**
     * Delivery failed and no spool is configured; or the event can never be sent: Kafka rejected it for good
     * (too large for the broker, not authorized), it could not be encoded, or
     * the caller's thread failed (out of stack or memory) while handing it over, or paused more than the stall
     * timeout (1 s) between claiming its buffer slot and filling it, so the sender gave up on the slot (the
     * call then returns false).
     */
    DELIVERY_FAILED,
    /** The spool was full: the event was in its oldest segment, which was deleted to make room. */
    SPOOL_FULL,
    /**
     * The spool lost the event: it could not be written (an I/O error such as a full disk, while Kafka was
     * unreachable too), or it could not be read back (a corrupt record, a segment file deleted or cut short).
     */
    SPOOL_ERROR,
    /** The event arrived after {@link TributaryClient#close}, or was still undelivered when close timed out. */
    CLOSED;

    /** Lower-case tag value, e.g. {@code queue_full}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
