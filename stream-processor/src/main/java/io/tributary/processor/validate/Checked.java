package io.tributary.processor.validate;

import io.tributary.schema.Event;

/**
 * A raw record after validation: either a valid event, or the original bytes of a rejected record (whose DLQ
 * headers travel in the record headers).
 *
 * @param rawKey the original key bytes (kept for the DLQ); {@code null} for events that did not come from the raw
 *     topic
 * @param rawValue the original value bytes (kept for the DLQ, and re-used for valid events when they are
 *     canonical); {@code null} for events that did not come from the raw topic
 * @param event the valid event, or {@code null} when rejected
 * @param canonical true when {@code rawValue} is exactly what encoding {@code event} in Avro single-object form
 *     with the current schema would produce (up to the order of map entries): it arrived in that form and was
 *     not changed, so writers may copy the bytes instead of encoding the event again
 */
public record Checked(byte[] rawKey, byte[] rawValue, Event event, boolean canonical) {
    /** A rejected record. */
    public static Checked rejected(byte[] rawKey, byte[] rawValue) {
        return new Checked(rawKey, rawValue, null, false);
    }

    /** True when the record was rejected. */
    public boolean rejected() {
        return event == null;
    }

    /** The same event, no longer canonical: to be called after changing the event. */
    public Checked modified() {
        return canonical ? new Checked(rawKey, rawValue, event, false) : this;
    }
}
