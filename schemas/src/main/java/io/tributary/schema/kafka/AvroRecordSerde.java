package io.tributary.schema.kafka;

import io.tributary.schema.MetricWindow;
import io.tributary.schema.SessionSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding for the derived records ({@link MetricWindow}, {@link SessionSummary}).
 * A record that does not decode throws Kafka's {@link SerializationException}.
 *
 * @param <T> the generated record class
 */
public final class AvroRecordSerde<T extends SpecificRecord> implements Serde<T> {
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroRecordSerde(Class<T> type, Schema schema) {
        SpecificData model = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
    }

    /** Serde of {@link MetricWindow}. */
    public static AvroRecordSerde<MetricWindow> metricWindow() {
        return new AvroRecordSerde<>(MetricWindow.class, MetricWindow.getClassSchema());
    }

    /** Serde of {@link SessionSummary}. */
    public static AvroRecordSerde<SessionSummary> sessionSummary() {
        return new AvroRecordSerde<>(SessionSummary.class, SessionSummary.getClassSchema());
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> {
            if (record == null) {
                return null;
            }
            try {
                ByteBuffer buffer = encoder.encode(record);
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException("encoding to memory failed", e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decoder.decode(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot decode a record of topic " + topic + ": " + e, e);
            }
        };
    }
}
