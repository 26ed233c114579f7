package io.tributary.processor.metrics;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of a {@link MetricPartial} on the internal repartition topic. Version 2 (version 1 carried
 * one event per record, before the first step pre-aggregated).
 */
final class MetricPartialSerde implements Serde<MetricPartial> {
    private static final byte VERSION = 2;

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
            if (b.get() != VERSION) {
                throw new SerializationException("unknown metric partial version " + bytes[0]);
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
}
