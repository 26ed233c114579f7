package io.tributary.processor.metrics;

import io.tributary.schema.EventType;

/**
 * What the first aggregation step sends to the second through the repartition topic: either one event's
 * contribution to its metric key, or a watermark saying that a source partition has reached an event time.
 *
 * @param watermark true for a watermark, false for an event
 * @param sourcePartition the raw partition the record comes from
 * @param timeMs the event time, or the watermark
 * @param service service of the event (empty for watermarks)
 * @param type event type (null for watermarks)
 * @param name metric name: function, METHOD + route, exception type or custom name (empty for watermarks)
 * @param latencyNs duration in nanoseconds, or -1 when the event has none
 * @param status HTTP status, or 0
 * @param bytesIn response bytes, or 0
 * @param bytesOut request bytes, or 0
 * @param error true for exceptions, HTTP status >= 500 and responses with an error
 */
record MetricObservation(boolean watermark, int sourcePartition, long timeMs, String service, EventType type,
                         String name, long latencyNs, int status, long bytesIn, long bytesOut, boolean error) {

    /** Watermark value of a source partition that has no data at all: it does not hold back closing. */
    static final long NO_DATA = Long.MAX_VALUE;

    static MetricObservation watermark(int sourcePartition, long timeMs) {
        return new MetricObservation(true, sourcePartition, timeMs, "", null, "", -1, 0, 0, 0, false);
    }

    /** The metric key: {@code service|TYPE|name}. */
    String key() {
        return MetricKeys.key(service, type, name);
    }
}
