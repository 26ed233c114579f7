package io.tributary.schema.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

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

    /**
     * The original record's headers plus the six dead-letter headers, each replacing any header of the same
     * name. A null value is written as an empty string.
     */
    public static Headers stamp(Headers original, String errorClass, String reason, String message, String topic,
            int partition, long offset) {
        Headers headers = new RecordHeaders(original.toArray());
        set(headers, ERROR_CLASS, errorClass);
        set(headers, ERROR_REASON, reason);
        set(headers, ERROR_MESSAGE, message);
        set(headers, SOURCE_TOPIC, topic);
        set(headers, SOURCE_PARTITION, Integer.toString(partition));
        set(headers, SOURCE_OFFSET, Long.toString(offset));
        return headers;
    }

    /** Replaces the header {@code key} with the UTF-8 value (empty for null). */
    public static void set(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
