package io.tributary.bench.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.schema.codec.SampleEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The SDK's hand-written peer: what a team writes without it. Each event is a map of the sample event's fields
 * with a fresh {@code id} and {@code ts_ns}, turned into JSON by Jackson's {@code writeValueAsBytes} on the
 * caller's thread and sent by a plain {@code KafkaProducer<byte[], byte[]>} keyed by the session id, with the
 * producer settings the SDK and {@code ProducerPerformance} use.
 */
final class HandWrittenProducer {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private HandWrittenProducer() {
    }

    /** Sends {@code events} events of the sample mix to {@code topic}; returns events/s including the final flush. */
    static double run(String bootstrap, String topic, int events, Map<String, Object> producerSettings)
            throws IOException {
        List<Map<String, Object>> mix = mix();
        Map<String, Object> props = new LinkedHashMap<>(producerSettings);
        props.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                Map<String, Object> event = new LinkedHashMap<>(mix.get(i % mix.size()));
                event.put("id", UUID.randomUUID().toString());
                event.put("ts_ns", System.currentTimeMillis() * 1_000_000L);
                Object session = event.get("session_id");
                byte[] key = session == null ? null : session.toString().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, MAPPER.writeValueAsBytes(event)));
            }
            producer.flush();
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static List<Map<String, Object>> mix() throws IOException {
        List<Map<String, Object>> mix = new java.util.ArrayList<>();
        for (String line : SampleEvents.lines()) {
            mix.add(MAPPER.readValue(line, MAP));
        }
        return mix;
    }
}
