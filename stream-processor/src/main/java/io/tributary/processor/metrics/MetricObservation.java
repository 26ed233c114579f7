package io.tributary.processor.metrics;

import io.tributary.schema.EventType;

/**
 * One valid event's contribution to its metric key, as the first aggregation step extracts it.
 *
 * @param service service of the event
 * @param type event type
 * @param name metric name: function, METHOD + route, exception type or custom name
 * @param timeMs the event time
 * @param latencyNs duration in nanoseconds, or -1 when the event has none
 * @param status HTTP status, or 0
 * @param bytesIn response bytes, or 0
 * @param bytesOut request bytes, or 0
 * @param error true for exceptions, HTTP status >= 500 and responses with an error
 */
record MetricObservation(String service, EventType type, String name, long timeMs, long latencyNs, int status,
                         long bytesIn, long bytesOut, boolean error) {

    /** The metric key: {@code service|TYPE|name}. */
    String key() {
        return MetricKeys.key(service, type, name);
    }
}
