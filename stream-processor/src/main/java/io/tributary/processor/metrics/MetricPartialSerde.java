package io.tributary.processor.metrics;

import io.tributary.schema.EventType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of a {@link MetricPartial} on the internal repartition topic. Writes version 2.
 *
 * <p>Also reads version 1, which carried one event per record (before the first step pre-aggregated), so that
 * records an older release left in the repartition topic are still counted after an upgrade instead of failing
 * the window step on every restart. A version 1 watermark becomes the same {@linkplain MetricPartial#watermark
 * watermark}; a version 1 event becomes a {@linkplain MetricPartial#legacyEvent legacy one-event partial}, which
 * {@link MetricWindowProcessor} adds to its window of every configured size, exactly as the old window step did.
 * Version 1 layout: version, watermark flag (1 byte each), source partition (int), time (long), service
 * (int length + UTF-8), event type ordinal (1 byte, -1 for none), name (int length + UTF-8), latency ns (long),
 * status (int), bytes in (long), bytes out (long), error flag (1 byte); big-endian.
 */
final class MetricPartialSerde implements Serde<MetricPartial> {
    private static final byte VERSION = 2;
    private static final byte LEGACY_VERSION = 1;
    private static final EventType[] TYPES = EventType.values();

    @Override
    public Serializer<MetricPartial> serializer() {
        return (topic, p) -> p == null ? null : encode(p);
    }

    @Override
    public Deserializer<MetricPartial> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(MetricPartial p) {
        if (p.watermark()) {
            return ByteBuffer.allocate(2 + 4 + 8).put(VERSION).put((byte) 1).putInt(p.sourcePartition())
                    .putLong(p.timeMs()).array();
        }
        ByteBuffer b = ByteBuffer.allocate(2 + 4 + 8 + 8 + WindowCounts.BYTES + 4 + 12 * p.bins().length);
        b.put(VERSION).put((byte) 0).putInt(p.sourcePartition()).putLong(p.windowEndMs()).putLong(p.windowSizeMs());
        p.counts().encodeTo(b);
        b.putInt(p.bins().length);
        for (int i = 0; i < p.bins().length; i++) {
            b.putInt(p.bins()[i]).putLong(p.binCounts()[i]);
        }
        return b.array();
    }

    static MetricPartial decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte version = b.get();
            if (version == LEGACY_VERSION) {
                return decodeLegacy(b);
            }
            if (version != VERSION) {
                throw new SerializationException("unknown metric partial version " + version);
            }
            boolean watermark = b.get() == 1;
            int partition = b.getInt();
            if (watermark) {
                return MetricPartial.watermark(partition, b.getLong());
            }
            long end = b.getLong();
            long size = b.getLong();
            WindowCounts counts = WindowCounts.decodeFrom(b);
            int n = b.getInt();
            int[] bins = new int[n];
            long[] binCounts = new long[n];
            for (int i = 0; i < n; i++) {
                bins[i] = b.getInt();
                binCounts[i] = b.getLong();
            }
            return MetricPartial.window(partition, end, size, counts, bins, binCounts);
        } catch (RuntimeException e) {
            throw new SerializationException("corrupt metric partial: " + e, e);
        }
    }

    /** The rest of a version 1 record: one event's observation, or a watermark. */
    private static MetricPartial decodeLegacy(ByteBuffer b) {
        boolean watermark = b.get() == 1;
        int partition = b.getInt();
        long time = b.getLong();
        if (watermark) {
            return MetricPartial.watermark(partition, time);
        }
        String service = string(b);
        byte type = b.get();
        String name = string(b);
        MetricObservation o = new MetricObservation(service, type < 0 ? null : TYPES[type], name, time, b.getLong(),
                b.getInt(), b.getLong(), b.getLong(), b.get() == 1);
        WindowCounts counts = new WindowCounts();
        counts.add(o);
        return o.latencyNs() >= 0
                ? MetricPartial.legacyEvent(partition, time, counts, new int[] {LatencySketch.binOf(o.latencyNs())},
                        new long[] {1})
                : MetricPartial.legacyEvent(partition, time, counts, new int[0], new long[0]);
    }

    private static String string(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
            throw new SerializationException("bad string length " + length);
        }
        byte[] bytes = new byte[length];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
