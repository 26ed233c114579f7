package io.tributary.processor.validate;

import io.tributary.schema.Event;

/**
 * A raw record after validation: either a valid event, or the original bytes of a rejected record (whose DLQ
 * headers travel in the record headers).
 *
 * @param rawKey the original key bytes (kept for the DLQ)
 * @param rawValue the original value bytes (kept for the DLQ)
 * @param event the valid event, or {@code null} when rejected
 */
public record Checked(byte[] rawKey, byte[] rawValue, Event event) {
    /** True when the record was rejected. */
    public boolean rejected() {
        return event == null;
    }
}
