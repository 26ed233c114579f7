package io.tributary.processor.metrics;

/**
 * What the first aggregation step sends to the second through the repartition topic (keyed by metric key):
 * either the partial aggregate of one metric key in one window, made of the events one source partition saw
 * since its last watermark, or a watermark saying that a source partition has reached an event time.
 *
 * <p>A source partition always sends its partials before the watermark that follows them, through the same
 * producer, so the second step sees every event of a window before it can close that window: pre-aggregating
 * changes no count, it only sends one record per key and window instead of one per event.
 *
 * @param watermark true for a watermark, false for a partial aggregate
 * @param sourcePartition the raw partition the record comes from
 * @param timeMs the watermark (unused by partials)
 * @param windowEndMs end of the partial's window (0 for watermarks)
 * @param windowSizeMs size of the partial's window (0 for watermarks)
 * @param counts the partial's counters (null for watermarks)
 * @param bins latency-sketch bin indexes of the partial, see {@link LatencySketch#binOf} (empty for watermarks)
 * @param binCounts the count of each of {@code bins}
 */
record MetricPartial(boolean watermark, int sourcePartition, long timeMs, long windowEndMs, long windowSizeMs,
                     WindowCounts counts, int[] bins, long[] binCounts) {

    /** Watermark value of a source partition that has no data at all: it does not hold back closing. */
    static final long NO_DATA = Long.MAX_VALUE;

    private static final int[] NO_BINS = new int[0];
    private static final long[] NO_BIN_COUNTS = new long[0];

    static MetricPartial watermark(int sourcePartition, long timeMs) {
        return new MetricPartial(true, sourcePartition, timeMs, 0, 0, null, NO_BINS, NO_BIN_COUNTS);
    }

    static MetricPartial window(int sourcePartition, long windowEndMs, long windowSizeMs, WindowCounts counts,
                                int[] bins, long[] binCounts) {
        return new MetricPartial(false, sourcePartition, 0, windowEndMs, windowSizeMs, counts, bins, binCounts);
    }
}
