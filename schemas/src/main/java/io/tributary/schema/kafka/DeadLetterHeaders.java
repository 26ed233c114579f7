package io.tributary.schema.kafka;

/**
 * Record headers on {@code events.dlq}. The record value is the original bytes, unchanged; these headers
 * say what went wrong and where the record came from. Values are UTF-8 strings.
 */
public final class DeadLetterHeaders {
    /** Class of the failure, e.g. {@code EventDecodeException} or {@code HttpRejected}. */
    public static final String ERROR_CLASS = "tributary.error.class";
    /** Stable reason code, e.g. {@code MISSING_FIELD} or {@code HTTP_422}. */
    public static final String ERROR_REASON = "tributary.error.reason";
    /** Human-readable detail: the field, the message, a response snippet. */
    public static final String ERROR_MESSAGE = "tributary.error.message";
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = "tributary.source.topic";
    /** Partition the record was read from. */
    public static final String SOURCE_PARTITION = "tributary.source.partition";
    /** Offset the record was read from. */
    public static final String SOURCE_OFFSET = "tributary.source.offset";

    private DeadLetterHeaders() {
    }
}
