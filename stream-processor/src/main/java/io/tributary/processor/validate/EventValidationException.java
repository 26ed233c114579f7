package io.tributary.processor.validate;

import io.tributary.TributaryException;

/**
 * An event that decoded but breaks a rule of the processor (its time, its payload). Not retriable: the same
 * event fails the same way every time, so it is routed to the dead-letter topic, never retried.
 */
public final class EventValidationException extends TributaryException {
    private static final long serialVersionUID = 1L;

    /** Why validation failed. The names are stable: they appear in DLQ headers and metric tags. */
    public enum Reason {
        /** {@code ts_ns} is zero or negative. */
        INVALID_TIMESTAMP,
        /** The payload record does not match the event type. */
        PAYLOAD_MISMATCH,
        /** A field the processor needs (event id, session id of a trace event) is missing or blank. */
        MISSING_FIELD
    }

    private final Reason reason;
    private final String field;

    /** A failure of {@code field} (may be null) for {@code reason}. */
    public EventValidationException(Reason reason, String field, String message) {
        super(reason + (field == null ? "" : " at field '" + field + "'") + ": " + message);
        this.reason = reason;
        this.field = field;
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }

    /** The field at fault, or {@code null}. */
    public String field() {
        return field;
    }
}
