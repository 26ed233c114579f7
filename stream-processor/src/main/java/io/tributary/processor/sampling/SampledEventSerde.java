package io.tributary.processor.sampling;

import io.tributary.processor.validate.Checked;
import io.tributary.schema.kafka.EventSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes kept events to {@code events.sampled} in Avro single-object encoding. An event that arrived in exactly
 * that form and was not changed ({@link Checked#canonical()}) is written as its original bytes, which saves
 * encoding every kept event a second time; any other is encoded with the current schema. Write-only.
 */
final class SampledEventSerde implements Serde<Checked> {
    private final Serializer<io.tributary.schema.Event> avro = EventSerde.avro().serializer();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        avro.configure(configs, isKey);
    }

    @Override
    public Serializer<Checked> serializer() {
        return (topic, c) -> c == null ? null : c.canonical() ? c.rawValue() : avro.serialize(topic, c.event());
    }

    @Override
    public Deserializer<Checked> deserializer() {
        return (topic, bytes) -> {
            throw new UnsupportedOperationException("events.sampled is read with EventSerde, not this serde");
        };
    }
}
