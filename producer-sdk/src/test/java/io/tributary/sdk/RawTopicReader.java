package io.tributary.sdk;

import static org.awaitility.Awaitility.await;

import io.tributary.schema.Event;
import io.tributary.schema.codec.AvroEventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning with a real consumer and decodes every record. */
final class RawTopicReader {
    private RawTopicReader() {
    }

    /** Reads until {@code expected} records arrived (bounded by 60 s), then returns all of them, decoded. */
    static List<Event> readAtLeast(String bootstrap, String topic, int expected) {
        AvroEventCodec codec = AvroEventCodec.create();
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Event event = codec.decode(record.value());
                    if (!record.key().equals(event.getSessionId() != null ? event.getSessionId() : event.getEventId())) {
                        throw new AssertionError("record key " + record.key() + " is not the session id of " + event);
                    }
                    events.add(event);
                }
                return events.size() >= expected;
            });
            // Anything beyond the expected count (a duplicate) would show up within one more poll.
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                events.add(codec.decode(record.value()));
            }
        }
        return events;
    }
}
