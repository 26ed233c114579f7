package io.tributary.sdk;

import io.tributary.schema.Event;

/**
 * One event between the caller and the broker. Callers build it cheaply (JSON-valued fields as plain objects,
 * no id yet); the sender thread gives it its id, finishes and encodes it. Events replayed from the spool arrive
 * already encoded, with {@link #event} null.
 */
final class PendingEvent {
    /** The event as the caller described it; null once encoded, so in-flight events hold their bytes only. */
    Event event;
    Object json;
    final int estimatedBytes;
    String key;
    byte[] value;
    SpoolSegment origin;
    /** Set when Kafka refused the event for a reason retrying cannot fix. */
    volatile Exception permanentFailure;

    PendingEvent(Event event, Object json, int estimatedBytes) {
        this.event = event;
        this.json = json;
        this.estimatedBytes = estimatedBytes;
    }

    /** An event read back from the spool. */
    static PendingEvent replayed(String key, byte[] value, SpoolSegment origin) {
        PendingEvent pending = new PendingEvent(null, null, value.length);
        pending.key = key;
        pending.value = value;
        pending.origin = origin;
        return pending;
    }
}
