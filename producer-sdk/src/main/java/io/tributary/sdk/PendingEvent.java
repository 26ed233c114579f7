package io.tributary.sdk;

import io.tributary.schema.Event;

/**
 * One event between the caller and the broker. Callers build it cheaply (the id as two longs, JSON-valued
 * fields as plain objects); the sender thread finishes and encodes it. Events replayed from the spool arrive
 * already encoded, with {@link #event} null.
 */
final class PendingEvent {
    final Event event;
    final Object json;
    final long idHigh;
    final long idLow;
    final int estimatedBytes;
    String key;
    byte[] value;
    DiskSpool.Segment origin;
    /** Set when Kafka refused the event for a reason retrying cannot fix. */
    volatile Exception permanentFailure;

    PendingEvent(Event event, Object json, long idHigh, long idLow, int estimatedBytes) {
        this.event = event;
        this.json = json;
        this.idHigh = idHigh;
        this.idLow = idLow;
        this.estimatedBytes = estimatedBytes;
    }

    /** An event read back from the spool. */
    static PendingEvent replayed(String key, byte[] value, DiskSpool.Segment origin) {
        PendingEvent pending = new PendingEvent(null, null, 0, 0, value.length);
        pending.key = key;
        pending.value = value;
        pending.origin = origin;
        return pending;
    }
}
