package io.tributary.processor.metrics;

import io.tributary.schema.EventType;
import io.tributary.schema.MetricWindow;
import java.nio.ByteBuffer;

/**
 * The running counters of one metric key in one window. The latency sketch is not part of it: its bins are
 * stored one entry each, so an event costs two small store updates instead of re-encoding a whole sketch.
 */
final class WindowCounts {
    private static final int LONGS = 12;
    /** Size of the encoded form. */
    static final int BYTES = LONGS * 8;

    private long count;
    private long errors;
    private final long[] statusClasses = new long[5];
    private long bytesIn;
    private long bytesOut;
    private long late;
    private long latencyCount;
    private long maxNs = -1;

    void add(MetricObservation o) {
        count++;
        if (o.error()) {
            errors++;
        }
        if (o.status() >= 100 && o.status() <= 599) {
            statusClasses[o.status() / 100 - 1]++;
        }
        bytesIn += o.bytesIn();
        bytesOut += o.bytesOut();
        if (o.latencyNs() >= 0) {
            latencyCount++;
            maxNs = Math.max(maxNs, o.latencyNs());
        }
    }

    /** Adds the counters of {@code other}, which holds other events of the same key and window. */
    void merge(WindowCounts other) {
        count += other.count;
        errors += other.errors;
        for (int i = 0; i < statusClasses.length; i++) {
            statusClasses[i] += other.statusClasses[i];
        }
        bytesIn += other.bytesIn;
        bytesOut += other.bytesOut;
        late += other.late;
        latencyCount += other.latencyCount;
        maxNs = Math.max(maxNs, other.maxNs);
    }

    /** Counts {@code events} late events. */
    void addLate(long events) {
        late += events;
    }

    /** Events counted (late ones excluded). */
    long count() {
        return count;
    }

    /** The window record; {@code sketch} holds the window's latencies, or is null when it has none. */
    MetricWindow toMetricWindow(String key, long startMs, long endMs, LatencySketch sketch) {
        String[] parts = key.split("\\|", 3);
        MetricWindow.Builder w = MetricWindow.newBuilder()
                .setService(parts[0]).setEventType(EventType.valueOf(parts[1])).setName(parts[2])
                .setWindowStartMs(startMs).setWindowEndMs(endMs)
                .setCount(count).setErrorCount(errors)
                .setStatus1xx(statusClasses[0]).setStatus2xx(statusClasses[1]).setStatus3xx(statusClasses[2])
                .setStatus4xx(statusClasses[3]).setStatus5xx(statusClasses[4])
                .setBytesIn(bytesIn).setBytesOut(bytesOut).setLateCount(late).setLatencyCount(latencyCount);
        if (sketch != null && latencyCount > 0) {
            w.setLatencySketch(ByteBuffer.wrap(sketch.encode()))
                    .setP50Ns(sketch.quantile(0.5)).setP90Ns(sketch.quantile(0.9)).setP99Ns(sketch.quantile(0.99))
                    .setMaxNs((double) maxNs);
        }
        return w.build();
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        encodeTo(b);
        return b.array();
    }

    /** Writes the {@value #BYTES} bytes of the encoded form at the buffer's position. */
    void encodeTo(ByteBuffer b) {
        b.putLong(count).putLong(errors);
        for (long s : statusClasses) {
            b.putLong(s);
        }
        b.putLong(bytesIn).putLong(bytesOut).putLong(late).putLong(latencyCount).putLong(maxNs);
    }

    static WindowCounts decode(byte[] bytes) {
        return bytes == null ? new WindowCounts() : decodeFrom(ByteBuffer.wrap(bytes));
    }

    /** Reads the encoded form at the buffer's position. */
    static WindowCounts decodeFrom(ByteBuffer b) {
        WindowCounts a = new WindowCounts();
        a.count = b.getLong();
        a.errors = b.getLong();
        for (int i = 0; i < a.statusClasses.length; i++) {
            a.statusClasses[i] = b.getLong();
        }
        a.bytesIn = b.getLong();
        a.bytesOut = b.getLong();
        a.late = b.getLong();
        a.latencyCount = b.getLong();
        a.maxNs = b.getLong();
        return a;
    }
}
