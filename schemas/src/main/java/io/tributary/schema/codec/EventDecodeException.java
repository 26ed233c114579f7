package io.tributary.schema.codec;

import io.tributary.TributaryException;

/**
 * Bytes that cannot become an {@link io.tributary.schema.Event}. Not retriable: the same bytes fail the same
 * way every time, so callers route them to the dead-letter topic with {@link #reason()} and {@link #field()}
 * instead of retrying.
 */
public final class EventDecodeException extends TributaryException {
    private static final long serialVersionUID = 1L;

    /** Why decoding failed. The names are stable: they appear in DLQ headers and metrics. */
    public enum Reason {
        /** Not syntactically valid JSON, or not a JSON object. */
        MALFORMED_JSON,
        /** The {@code type} tag names no known event type. */
        UNKNOWN_EVENT_TYPE,
        /** A field the event type requires is absent or null. */
        MISSING_FIELD,
        /** A field holds a value of the wrong JSON type (a string where a number belongs, ...). */
        WRONG_FIELD_TYPE,
        /** A field has the right type but an impossible value (a negative line, a malformed trace id, ...). */
        INVALID_VALUE,
        /** The bytes are not valid UTF-8. */
        INVALID_UTF8,
        /** Avro single-object bytes whose schema fingerprint no known schema version has. */
        UNKNOWN_SCHEMA,
        /** Avro bytes that end before the record does, or carry a bad header. */
        TRUNCATED,
        /** The serialized event is larger than the configured limit. */
        TOO_LARGE
    }

    private final Reason reason;
    private final String field;

    public EventDecodeException(Reason reason, String field, String message) {
        this(reason, field, message, null);
    }

    public EventDecodeException(Reason reason, String field, String message, Throwable cause) {
        super(field == null ? reason + ": " + message : reason + " at field '" + field + "': " + message, cause);
        this.reason = reason;
        this.field = field;
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }

    /** The JSON or Avro field at fault, or {@code null} when the failure is not about one field. */
    public String field() {
        return field;
    }
}
