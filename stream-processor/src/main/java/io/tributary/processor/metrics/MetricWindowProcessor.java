package io.tributary.processor.metrics;

import io.tributary.processor.ProcessorMetrics;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.kafka.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Second aggregation step, one per repartition partition: adds observations into tumbling windows of every
 * configured size, and emits each window once, when it closes.
 *
 * <p>A window closes when its end plus the grace period is at or before the <em>horizon</em>: the lowest
 * watermark over all source partitions. So a window is final only when every raw partition has moved past
 * it, however far apart partitions are in event time (after a rebalance, say). An event for a closed window
 * is late: it is counted in the {@code late_count} of the earliest still-open window of its key and size,
 * and in the {@code tributary.processor.events.late} counter, never silently dropped.
 *
 * <p>Store keys start with the window end (8 bytes, big-endian), the window size (8 bytes), the metric key and
 * a NUL, so closing is one range scan in window-end order. After that prefix, {@code 0} holds the window's
 * {@link WindowCounts} and {@code 1 + bin index} the count of one latency-sketch bin: an event updates two small
 * entries, and the DDSketch is built once, when the window closes.
 */
final class MetricWindowProcessor implements Processor<String, MetricObservation, String, MetricWindow> {
    private static final int HORIZON_KEY = -1;
    private static final byte SEPARATOR = 0;
    private static final byte COUNTS = 0;
    private static final byte BIN = 1;

    private final long[] sizesMs;
    private final String[] labels;
    private final long graceMs;
    private final int sourcePartitions;
    private final ProcessorMetrics metrics;
    private ProcessorContext<String, MetricWindow> context;
    private KeyValueStore<Bytes, byte[]> windows;
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
        this.windows = context.getStateStore(MetricsTopology.WINDOW_STORE);
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
    public void process(Record<String, MetricObservation> record) {
        MetricObservation o = record.value();
        if (o.watermark()) {
            advance(o.sourcePartition(), o.timeMs());
            return;
        }
        byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < sizesMs.length; i++) {
            long size = sizesMs[i];
            long start = Math.floorDiv(o.timeMs(), size) * size;
            if (closed(start + size)) {
                long open = Math.floorDiv(horizon - graceMs, size) * size;
                WindowCounts counts = counts(prefix(open + size, size, key));
                counts.addLate();
                windows.put(countsKey(prefix(open + size, size, key)), counts.encode());
                metrics.late(labels[i]);
            } else {
                byte[] prefix = prefix(start + size, size, key);
                WindowCounts counts = counts(prefix);
                counts.add(o);
                windows.put(countsKey(prefix), counts.encode());
                if (o.latencyNs() >= 0) {
                    Bytes bin = binKey(prefix, LatencySketch.binOf(o.latencyNs()));
                    byte[] n = windows.get(bin);
                    windows.put(bin, longBytes(n == null ? 1 : ByteBuffer.wrap(n).getLong() + 1));
                }
            }
        }
    }

    private boolean closed(long endMs) {
        return horizon != Long.MIN_VALUE && endMs + graceMs <= horizon;
    }

    private WindowCounts counts(byte[] prefix) {
        return WindowCounts.decode(windows.get(countsKey(prefix)));
    }

    /**
     * Takes a source partition's watermark. A partition without any data ({@link MetricObservation#NO_DATA})
     * is left out of the minimum until it has data; one that never reported holds closing back.
     */
    private void advance(int source, long watermark) {
        if (source < 0 || source >= sourcePartitions) {
            return;
        }
        if (watermark == MetricObservation.NO_DATA) {
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
        List<Bytes> done = new ArrayList<>();
        Bytes upper = Bytes.wrap(ByteBuffer.allocate(8).putLong(last + 1).array());
        try (KeyValueIterator<Bytes, byte[]> it = windows.range(Bytes.wrap(new byte[0]), upper)) {
            Closing window = null;
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> entry = it.next();
                byte[] k = entry.key.get();
                done.add(entry.key);
                if (k[k.length - 1] == COUNTS && k[k.length - 2] == SEPARATOR) {
                    emit(window);
                    window = new Closing(k, WindowCounts.decode(entry.value));
                } else if (window != null) {
                    window.sketch.addBin(ByteBuffer.wrap(k, k.length - 4, 4).getInt(), ByteBuffer.wrap(entry.value).getLong());
                }
            }
            emit(window);
        }
        done.forEach(windows::delete);
    }

    /** A window being emitted: its counters, and the sketch rebuilt from its bin entries (which follow them). */
    private static final class Closing {
        final byte[] countsKey;
        final WindowCounts counts;
        final LatencySketch sketch = LatencySketch.create();

        Closing(byte[] countsKey, WindowCounts counts) {
            this.countsKey = countsKey;
            this.counts = counts;
        }
    }

    private void emit(Closing w) {
        if (w == null) {
            return;
        }
        ByteBuffer k = ByteBuffer.wrap(w.countsKey);
        long end = k.getLong();
        long size = k.getLong();
        String key = new String(w.countsKey, 16, w.countsKey.length - 18, StandardCharsets.UTF_8);
        context.forward(new Record<>(key, w.counts.toMetricWindow(key, end - size, end, w.sketch), end,
                new RecordHeaders()));
    }

    /** Window end (8 bytes) + size (8 bytes) + metric key + NUL. */
    static byte[] prefix(long endMs, long sizeMs, byte[] key) {
        return ByteBuffer.allocate(17 + key.length).putLong(endMs).putLong(sizeMs).put(key).put(SEPARATOR).array();
    }

    private static Bytes countsKey(byte[] prefix) {
        byte[] k = Arrays.copyOf(prefix, prefix.length + 1);
        k[prefix.length] = COUNTS;
        return Bytes.wrap(k);
    }

    /** The bin entries sort after the counters of their window: NUL, 1, bin index. */
    private static Bytes binKey(byte[] prefix, int bin) {
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + 5).put(prefix).put(BIN).putInt(bin).array());
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}
