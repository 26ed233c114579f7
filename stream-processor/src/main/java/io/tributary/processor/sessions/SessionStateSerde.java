package io.tributary.processor.sessions;

import io.tributary.schema.SessionSummary;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of an open session in the state store (read and rewritten for every event, so it avoids
 * Avro's schema resolution). The output topic still carries Avro {@link SessionSummary} records.
 */
final class SessionStateSerde implements Serde<SessionSummary> {
    private static final byte VERSION = 1;

    @Override
    public Serializer<SessionSummary> serializer() {
        return (topic, s) -> s == null ? null : encode(s);
    }

    @Override
    public Deserializer<SessionSummary> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(SessionSummary s) {
        byte[] id = s.getSessionId().getBytes(StandardCharsets.UTF_8);
        byte[] service = s.getService().getBytes(StandardCharsets.UTF_8);
        byte[] tag = s.getTag() == null ? null : s.getTag().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 12 + id.length + service.length + (tag == null ? 0 : tag.length) + 7 * 8);
        b.put(VERSION).putInt(id.length).put(id).putInt(service.length).put(service);
        b.putInt(tag == null ? -1 : tag.length);
        if (tag != null) {
            b.put(tag);
        }
        b.putLong(s.getStartNs()).putLong(s.getEndNs()).putLong(s.getEventCount()).putLong(s.getCalls())
                .putLong(s.getExceptions()).putLong(s.getHttpCalls()).putLong(s.getErrorStatuses());
        return b.array();
    }

    static SessionSummary decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != VERSION) {
                throw new SerializationException("unknown session state version " + bytes[0]);
            }
            String id = string(b, b.getInt());
            String service = string(b, b.getInt());
            int tagLength = b.getInt();
            String tag = tagLength < 0 ? null : string(b, tagLength);
            long start = b.getLong();
            long end = b.getLong();
            return new SessionSummary(id, service, tag, start, end, end - start, b.getLong(), b.getLong(),
                    b.getLong(), b.getLong(), b.getLong());
        } catch (RuntimeException e) {
            throw new SerializationException("corrupt session state: " + e, e);
        }
    }

    private static String string(ByteBuffer b, int length) {
        String s = new String(b.array(), b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
    }
}
