package io.tributary.processor.metrics;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The latency sketch of {@code MetricWindow.latency_sketch}: a DDSketch with 1% relative accuracy (every
 * quantile is within 1% of a value of the data), bounded to {@value #MAX_BINS} bins, over latencies in
 * nanoseconds. Sketches of the same key in different windows or partitions merge exactly.
 *
 * <p>The bytes are DDSketch's own binary encoding, index mapping included, so any DDSketch implementation
 * (Java, Go, Python) decodes them: in Java {@code LatencySketch.decode(bytes).sketch()}.
 */
public final class LatencySketch {
    /** Relative accuracy of every quantile. */
    public static final double RELATIVE_ACCURACY = 0.01;
    /** Bins kept at most; the lowest collapse first, far below any latency that matters at 1% accuracy. */
    public static final int MAX_BINS = 2048;

    /** Bin of the values too small to index (zero latencies). */
    public static final int ZERO_BIN = Integer.MIN_VALUE;
    private static final IndexMapping MAPPING = DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS)
            .getIndexMapping();

    private final DDSketch sketch;

    private LatencySketch(DDSketch sketch) {
        this.sketch = sketch;
    }

    /** An empty sketch. */
    public static LatencySketch create() {
        return new LatencySketch(DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS));
    }

    /**
     * A sketch read from bytes written by {@link #encode()}.
     *
     * @throws IllegalArgumentException when the bytes are not a sketch
     */
    public static LatencySketch decode(byte[] bytes) {
        try {
            return new LatencySketch(DDSketch.decode(ByteArrayInput.wrap(bytes),
                    () -> new CollapsingLowestDenseStore(MAX_BINS)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded DDSketch: " + e, e);
        }
    }

    /** The bin that a latency falls into; sketches built from bins equal sketches built from the values. */
    public static int binOf(double latencyNs) {
        return latencyNs < MAPPING.minIndexableValue() ? ZERO_BIN : MAPPING.index(latencyNs);
    }

    /** Adds {@code count} values of bin {@code bin} (see {@link #binOf}). */
    public void addBin(int bin, long count) {
        if (bin == ZERO_BIN) {
            sketch.accept(0.0, count);
        } else {
            sketch.getPositiveValueStore().add(bin, count);
        }
    }

    /** Adds one latency in nanoseconds. */
    public void add(double latencyNs) {
        sketch.accept(latencyNs);
    }

    /** Adds every value of {@code other}. */
    public void merge(LatencySketch other) {
        sketch.mergeWith(other.sketch);
    }

    /** Number of values added. */
    public long count() {
        return Math.round(sketch.getCount());
    }

    /** The value at quantile {@code q} in [0, 1], within 1% relative error. */
    public double quantile(double q) {
        return sketch.getValueAtQuantile(q);
    }

    /** The largest value added, within 1% (the window record carries the exact maximum). */
    public double max() {
        return sketch.getMaxValue();
    }

    /** The underlying DDSketch. */
    public DDSketch sketch() {
        return sketch;
    }

    /** The DDSketch binary encoding, index mapping included. */
    public byte[] encode() {
        GrowingByteArrayOutput out = GrowingByteArrayOutput.withInitialCapacity(64);
        try {
            sketch.encode(out, false);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory failed", e);
        }
        return out.trimmedCopy();
    }
}
