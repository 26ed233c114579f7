package io.tributary.export.testing;

import static org.awaitility.Awaitility.await;

import io.tributary.export.file.Manifest;
import io.tributary.schema.Event;
import io.tributary.schema.kafka.EventSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing test events and waiting for their export, against a real broker. */
public final class KafkaSupport {
    private KafkaSupport() {
    }

    /**
     * Produces events Avro-encoded (as the processor writes {@code events.sampled}). Keyed by event id rather
     * than session id, so that the few sessions of the sample mix still spread over every partition.
     */
    public static void produce(String bootstrap, String topic, List<Event> events) {
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(producerProps(bootstrap),
                new StringSerializer(), EventSerde.avro().serializer())) {
            for (Event e : events) {
                producer.send(new ProducerRecord<>(topic, e.getEventId(), e));
            }
            producer.flush();
        }
    }

    /** Produces raw values (JSON lines, garbage). */
    public static void produceRaw(String bootstrap, String topic, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(topic, v));
            }
            producer.flush();
        }
    }

    private static Properties producerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    /** Log end offsets of every partition of a topic. */
    public static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                    admin.listOffsets(request).all().get();
            return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Committed offsets of a group. */
    public static Map<TopicPartition, Long> committed(String bootstrap, String group) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> result = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    result.put(tp, o.offset());
                }
            });
            return result;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next offset after the last manifest, per partition. */
    public static Map<Integer, Long> exportedUpTo(Path topicDir) {
        Map<Integer, Long> next = new HashMap<>();
        for (Manifest m : ExportedFiles.manifests(topicDir)) {
            next.merge(m.partition(), m.endOffset() + 1, Math::max);
        }
        return next;
    }

    /** Waits until the manifests cover every offset below the log end offsets. */
    public static void awaitExported(Path topicDir, Map<TopicPartition, Long> endOffsets, Duration timeout) {
        Map<Integer, Long> expected = new HashMap<>();
        endOffsets.forEach((tp, end) -> {
            if (end > 0) {
                expected.put(tp.partition(), end);
            }
        });
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> exportedUpTo(topicDir).equals(expected));
    }
}
