package io.tributary.console.watch;

import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import io.tributary.schema.EventType;

/**
 * What the sampler kept per event type and second of event time, read from the sampled topic, so that the
 * console can set it beside the exact totals of the metric windows (which count 100% of valid events). Seconds
 * older than {@value #KEEP_SECONDS} s behind the newest are forgotten. Thread-safe.
 */
public final class SamplingObservations {
    static final long KEEP_SECONDS = 3 * 3600;

    private final Map<EventType, NavigableMap<Long, Long>> kept = new EnumMap<>(EventType.class);
    private long newestSecond = Long.MIN_VALUE;

    /** Counts one kept event. */
    public synchronized void kept(EventType type, long eventTimeMs) {
        long second = Math.floorDiv(eventTimeMs, 1000);
        kept.computeIfAbsent(type, t -> new TreeMap<>()).merge(second, 1L, Long::sum);
        if (second > newestSecond) {
            newestSecond = second;
            kept.values().forEach(m -> m.headMap(second - KEEP_SECONDS).clear());
        }
    }

    /** Events of {@code type} kept with an event time in [startMs, endMs). */
    public synchronized long keptBetween(EventType type, long startMs, long endMs) {
        NavigableMap<Long, Long> seconds = kept.get(type);
        if (seconds == null) {
            return 0;
        }
        long sum = 0;
        for (long n : seconds.subMap(Math.floorDiv(startMs, 1000), true, Math.floorDiv(endMs - 1, 1000), true)
                .values()) {
            sum += n;
        }
        return sum;
    }
}
