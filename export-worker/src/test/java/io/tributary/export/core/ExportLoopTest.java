package io.tributary.export.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.file.ExportLayout;
import io.tributary.export.file.FileSinkFactory;
import io.tributary.export.file.FileWriterOptions;
import io.tributary.export.file.RotationPolicy;
import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.FormatOptions;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.schema.Event;
import io.tributary.schema.codec.AvroEventCodec;
import io.tributary.schema.kafka.DeadLetterHeaders;
import io.tributary.schema.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's bookkeeping with Kafka's in-memory client doubles (the ITs use a real broker). */
class ExportLoopTest {
    static final String TOPIC = "tributary.events.sampled";
    final TopicPartition tp = new TopicPartition(TOPIC, 0);

    @TempDir
    Path root;

    @Test
    void decodesFiltersDeadLettersAndCommitsOnlyPublishedOffsets() throws Exception {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        ExportMetrics metrics = new ExportMetrics(new SimpleMeterRegistry(), "files");
        DeadLetterPublisher dlq = new DeadLetterPublisher(producer, "tributary.events.dlq");
        FileWriterOptions options = new FileWriterOptions(new ExportLayout(root, List.of()),
                ExportFormat.of("ndjson", FormatOptions.defaults()),
                new RotationPolicy(40, Long.MAX_VALUE, Duration.ofMillis(50)), 8, Map.of(), Clock.systemUTC());
        RecordFilter noExceptions = new RecordFilter(null, null, Set.of(),
                Set.of("session_start", "call", "return", "http_request", "http_response", "custom"), Set.of());
        ExportLoop loop = new ExportLoop(consumer, List.of(TOPIC), new RecordDecoder(Topics.defaults(), "svc"),
                noExceptions, new FileSinkFactory(options, metrics, dlq), metrics,
                new ExportLoop.LoopSettings(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(100),
                        Duration.ZERO),
                Clock.systemUTC());

        List<Event> events = TestEvents.numbered(100);
        AvroEventCodec avro = AvroEventCodec.create();
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(tp));
            for (int i = 0; i < events.size(); i++) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i, null, avro.encode(events.get(i))));
            }
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 100, null, "garbage".getBytes(StandardCharsets.UTF_8)));
        });
        Thread thread = new Thread(loop);
        thread.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    offset(consumer.committed(Set.of(tp)).get(tp)) == 101);
            assertThat(loop.problem()).isEmpty();
        } finally {
            loop.shutdown();
            thread.join(10_000);
        }

        List<String> expected = events.stream().filter(e -> !e.getType().name().equals("EXCEPTION"))
                .map(Event::getEventId).toList();
        assertThat(ExportedFiles.eventIds(root.resolve(TOPIC))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ExportVerifier.verify(root).ok()).isTrue();
        List<ProducerRecord<byte[], byte[]>> dead = producer.history();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("garbage");
            assertThat(new String(r.headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET).value(),
                    StandardCharsets.UTF_8)).isEqualTo("100");
            assertThat(new String(r.headers().lastHeader(DeadLetterHeaders.ERROR_REASON).value(),
                    StandardCharsets.UTF_8)).isEqualTo("MALFORMED_JSON");
        });
        long skipped = ExportedFiles.manifests(root.resolve(TOPIC)).stream().mapToLong(m -> m.skippedCount()).sum();
        assertThat(skipped).isEqualTo(events.size() - expected.size());
        assertThat(consumer.closed()).isTrue();
    }

    private static long offset(org.apache.kafka.clients.consumer.OffsetAndMetadata o) {
        return o == null ? -1 : o.offset();
    }
}
