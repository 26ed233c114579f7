package io.tributary.processor.metrics;

import io.tributary.processor.ProcessorMetrics;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Second aggregation step, one per repartition partition: merges the partial aggregates of the source partitions
 * into tumbling windows of every configured size, and emits each window once, when it closes.
 *
 * <p>A window closes when its end plus the grace period is at or before the <em>horizon</em>: the lowest
 * watermark over all source partitions. So a window is final only when every raw partition has moved past
 * it, however far apart partitions are in event time (after a rebalance, say). A partial for a closed window
 * holds late events: they are counted in the {@code late_count} of the earliest still-open window of their key
 * and size, and in the {@code tributary.processor.events.late} counter, never silently dropped. A legacy one-event
 * partial (a version 1 record left in the repartition topic by an older release, see {@link MetricPartialSerde})
 * goes through the same steps for each configured size, in the window that holds its event time.
 *
 * <p>Open windows live in a store laid out by {@link WindowEntries}, so closing is one range scan in window-end
 * order, and the DDSketch of a window is built once, when it closes.
 */
final class MetricWindowProcessor implements Processor<String, MetricPartial, String, MetricWindow> {
    private static final int HORIZON_KEY = -1;

    private final long[] sizesMs;
    private final String[] labels;
    private final long graceMs;
    private final int sourcePartitions;
    private final ProcessorMetrics metrics;
    private ProcessorContext<String, MetricWindow> context;
    private WindowEntries windows;
    private KeyValueStore<Integer, Long> watermarkStore;
    private long[] watermarks;
    private boolean[] noData;
    private long horizon;

    MetricWindowProcessor(long[] sizesMs, long graceMs, int sourcePartitions, ProcessorMetrics metrics) {
        this.sizesMs = sizesMs.clone();
        this.labels = Arrays.stream(sizesMs).mapToObj(ms -> Topics.windowLabel(java.time.Duration.ofMillis(ms)))
                .toArray(String[]::new);
        this.graceMs = graceMs;
        this.sourcePartitions = sourcePartitions;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, MetricWindow> context) {
        this.context = context;
        this.windows = new WindowEntries(context.getStateStore(MetricsTopology.WINDOW_STORE));
        this.watermarkStore = context.getStateStore(MetricsTopology.WATERMARK_STORE);
        this.watermarks = new long[sourcePartitions];
        Arrays.fill(watermarks, Long.MIN_VALUE);
        this.noData = new boolean[sourcePartitions];
        for (int p = 0; p < sourcePartitions; p++) {
            Long w = watermarkStore.get(p);
            if (w != null) {
                watermarks[p] = w;
            }
        }
        Long h = watermarkStore.get(HORIZON_KEY);
        this.horizon = h == null ? Long.MIN_VALUE : h;
    }

    @Override
    public void process(Record<String, MetricPartial> record) {
        MetricPartial p = record.value();
        if (p.watermark()) {
            advance(p.sourcePartition(), p.timeMs());
            return;
        }
        byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
        if (p.legacy()) {
            // one event from a version 1 record: its window of every size
            for (int size = 0; size < sizesMs.length; size++) {
                long sizeMs = sizesMs[size];
                add(key, size, Math.floorDiv(p.timeMs(), sizeMs) * sizeMs + sizeMs, p);
            }
            return;
        }
        int size = sizeIndex(p.windowSizeMs());
        if (size < 0) {
            // a size no longer configured (the settings changed while its partials were in flight): no topic takes it
            return;
        }
        add(key, size, p.windowEndMs(), p);
    }

    /** Adds {@code p} to its window of size {@code sizesMs[size]} ending at {@code endMs}, or counts it late. */
    private void add(byte[] key, int size, long endMs, MetricPartial p) {
        long sizeMs = sizesMs[size];
        if (closed(endMs)) {
            long open = Math.floorDiv(horizon - graceMs, sizeMs) * sizeMs;
            windows.addLate(WindowEntries.prefix(open + sizeMs, sizeMs, key), p.counts().count());
            metrics.late(labels[size], p.counts().count());
        } else {
            windows.merge(WindowEntries.prefix(endMs, sizeMs, key), p.counts(), p.bins(), p.binCounts());
        }
    }

    private int sizeIndex(long sizeMs) {
        for (int i = 0; i < sizesMs.length; i++) {
            if (sizesMs[i] == sizeMs) {
                return i;
            }
        }
        return -1;
    }

    private boolean closed(long endMs) {
        return horizon != Long.MIN_VALUE && endMs + graceMs <= horizon;
    }

    /**
     * Takes a source partition's watermark. A partition without any data ({@link MetricPartial#NO_DATA})
     * is left out of the minimum until it has data; one that never reported holds closing back.
     */
    private void advance(int source, long watermark) {
        if (source < 0 || source >= sourcePartitions) {
            return;
        }
        if (watermark == MetricPartial.NO_DATA) {
            noData[source] = watermarks[source] == Long.MIN_VALUE;
        } else if (watermark > watermarks[source]) {
            watermarks[source] = watermark;
            noData[source] = false;
            watermarkStore.put(source, watermark);
        } else {
            return;
        }
        long min = Long.MAX_VALUE;
        for (int p = 0; p < sourcePartitions; p++) {
            if (!noData[p]) {
                min = Math.min(min, watermarks[p]);
            }
        }
        if (min != Long.MAX_VALUE && min != Long.MIN_VALUE && min > horizon) {
            horizon = min;
            watermarkStore.put(HORIZON_KEY, horizon);
            emitClosed();
        }
    }

    private void emitClosed() {
        long last = horizon - graceMs;
        if (last < 0) {
            return;
        }
        windows.drain(last, this::emit);
    }

    private void emit(WindowEntries.Window w) {
        LatencySketch sketch = LatencySketch.create();
        for (int i = 0; i < w.bins().length; i++) {
            sketch.addBin(w.bins()[i], w.binCounts()[i]);
        }
        long start = w.endMs() - w.sizeMs();
        context.forward(new Record<>(w.key(), w.counts().toMetricWindow(w.key(), start, w.endMs(), sketch), w.endMs(),
                new RecordHeaders()));
    }
}
