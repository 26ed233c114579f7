package io.tributary.processor.metrics;

import io.tributary.schema.EventType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Compact binary form of a {@link MetricObservation} on the internal repartition topic. */
final class MetricObservationSerde implements Serde<MetricObservation> {
    private static final byte VERSION = 1;
    private static final EventType[] TYPES = EventType.values();

    @Override
    public Serializer<MetricObservation> serializer() {
        return (topic, o) -> o == null ? null : encode(o);
    }

    @Override
    public Deserializer<MetricObservation> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(MetricObservation o) {
        byte[] service = o.service().getBytes(StandardCharsets.UTF_8);
        byte[] name = o.name().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + 4 + 8 + 4 + service.length + 1 + 4 + name.length + 8 + 4 + 8 + 8 + 1);
        b.put(VERSION).put((byte) (o.watermark() ? 1 : 0)).putInt(o.sourcePartition()).putLong(o.timeMs());
        b.putInt(service.length).put(service);
        b.put((byte) (o.type() == null ? -1 : o.type().ordinal()));
        b.putInt(name.length).put(name);
        b.putLong(o.latencyNs()).putInt(o.status()).putLong(o.bytesIn()).putLong(o.bytesOut());
        b.put((byte) (o.error() ? 1 : 0));
        return b.array();
    }

    static MetricObservation decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != VERSION) {
                throw new SerializationException("unknown metric observation version " + bytes[0]);
            }
            boolean watermark = b.get() == 1;
            int partition = b.getInt();
            long time = b.getLong();
            String service = string(b);
            byte type = b.get();
            String name = string(b);
            return new MetricObservation(watermark, partition, time, service, type < 0 ? null : TYPES[type], name,
                    b.getLong(), b.getInt(), b.getLong(), b.getLong(), b.get() == 1);
        } catch (RuntimeException e) {
            throw new SerializationException("corrupt metric observation: " + e, e);
        }
    }

    private static String string(ByteBuffer b) {
        byte[] bytes = new byte[b.getInt()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
