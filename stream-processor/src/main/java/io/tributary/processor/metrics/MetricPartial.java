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
 * @param timeMs the watermark, or the event time of a {@linkplain #legacyEvent legacy one-event partial} (unused by
 *               other partials)
 * @param windowEndMs end of the partial's window (0 for watermarks and legacy partials)
 * @param windowSizeMs size of the partial's window (0 for watermarks; {@link #ALL_SIZES} for legacy partials)
 * @param counts the partial's counters (null for watermarks)
 * @param bins latency-sketch bin indexes of the partial, see {@link LatencySketch#binOf} (empty for watermarks)
 * @param binCounts the count of each of {@code bins}
 */
record MetricPartial(boolean watermark, int sourcePartition, long timeMs, long windowEndMs, long windowSizeMs,
                     WindowCounts counts, int[] bins, long[] binCounts) {

    /** Watermark value of a source partition that has no data at all: it does not hold back closing. */
    static final long NO_DATA = Long.MAX_VALUE;

    /** Window size of a legacy one-event partial: the event goes to its window of every configured size. */
    static final long ALL_SIZES = 0;

    private static final int[] NO_BINS = new int[0];
    private static final long[] NO_BIN_COUNTS = new long[0];

    static MetricPartial watermark(int sourcePartition, long timeMs) {
        return new MetricPartial(true, sourcePartition, timeMs, 0, 0, null, NO_BINS, NO_BIN_COUNTS);
    }

    static MetricPartial window(int sourcePartition, long windowEndMs, long windowSizeMs, WindowCounts counts,
                                int[] bins, long[] binCounts) {
        return new MetricPartial(false, sourcePartition, 0, windowEndMs, windowSizeMs, counts, bins, binCounts);
    }

    /**
     * One event of a version 1 repartition record (written before the first step pre-aggregated), read after an
     * upgrade: its window is not known yet, so the second step puts it in the window of every size that holds
     * {@code eventTimeMs}. Only ever decoded, never written.
     */
    static MetricPartial legacyEvent(int sourcePartition, long eventTimeMs, WindowCounts counts, int[] bins,
                                     long[] binCounts) {
        return new MetricPartial(false, sourcePartition, eventTimeMs, 0, ALL_SIZES, counts, bins, binCounts);
    }

    /** Whether this is a {@linkplain #legacyEvent legacy one-event partial}. */
    boolean legacy() {
        return !watermark && windowSizeMs == ALL_SIZES;
    }
}
