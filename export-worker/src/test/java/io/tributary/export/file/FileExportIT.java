package io.tributary.export.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.KafkaSupport;
import io.tributary.export.testing.KafkaTestBase;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.runtime.service.Health.Status;
import io.tributary.schema.Event;
import io.tributary.schema.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker against a real broker: exact export, dead letters, committed offsets, a broken disk, 64 partitions. */
class FileExportIT extends KafkaTestBase {

    @TempDir
    Path root;

    Map<String, Object> settings(String prefix) {
        Map<String, Object> s = new HashMap<>();
        s.put(FileExportConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        s.put(FileExportConfig.TOPIC_PREFIX, prefix);
        s.put(FileExportConfig.GROUP_ID, prefix + "export");
        s.put(FileExportConfig.EXPORT_DIR, root.toString());
        s.put(FileExportConfig.ROTATE_EVENTS, "500");
        s.put(FileExportConfig.ROTATE_AGE_MS, "300");
        s.put(FileExportConfig.RETRY_BACKOFF_MS, "100");
        s.put(FileExportConfig.RETRY_BACKOFF_MAX_MS, "500");
        return s;
    }

    @Test
    void exportsEveryEventOnceDeadLettersGarbageAndCommitsAfterManifests() throws Exception {
        String prefix = "t1.";
        String topic = prefix + "events.sampled";
        kafka.createTopic(topic, 3, (short) 1);
        kafka.createTopic(prefix + "events.dlq", 1, (short) 1);
        List<Event> events = TestEvents.numbered(5000);
        KafkaSupport.produce(kafka.bootstrapServers(), topic, events);
        Event jsonEvent = TestEvents.tricky().get(1);
        KafkaSupport.produceRaw(kafka.bootstrapServers(), topic, List.of(
                TestEvents.json(jsonEvent).getBytes(StandardCharsets.UTF_8),
                "{not json".getBytes(StandardCharsets.UTF_8),
                "{\"type\":\"call\",\"session_id\":\"s\"}".getBytes(StandardCharsets.UTF_8)));
        Map<TopicPartition, Long> ends = KafkaSupport.endOffsets(kafka.bootstrapServers(), topic, 3);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FileExportWorker worker = FileExportWorker.create(new FileExportConfig(settings(prefix)), registry)) {
            worker.start();
            KafkaSupport.awaitExported(root.resolve(topic), ends, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    KafkaSupport.committed(kafka.bootstrapServers(), prefix + "export").equals(ends));
            assertThat(worker.health().status()).isEqualTo(Status.UP);
        }

        List<String> expected = new ArrayList<>(events.stream().map(Event::getEventId).toList());
        expected.add(jsonEvent.getEventId());
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(root.resolve(topic)), expected);
        VerifyReport report = ExportVerifier.verify(root);
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(5001);
        assertThat(registry.get("tributary.export.records.dead.lettered").counter().count()).isEqualTo(2);
        assertThat(registry.get("tributary.export.records.written").counter().count()).isEqualTo(5001);

        List<ConsumerRecord<byte[], byte[]>> dead = readAll(prefix + "events.dlq", 2);
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("{not json", "{\"type\":\"call\",\"session_id\":\"s\"}");
        assertThat(dead).allSatisfy(r -> {
            assertThat(r.headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC).value())
                    .isEqualTo(topic.getBytes(StandardCharsets.UTF_8));
            assertThat(r.headers().lastHeader(DeadLetterHeaders.ERROR_REASON)).isNotNull();
            assertThat(r.headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET)).isNotNull();
        });
    }

    @Test
    void anUnwritableDirectoryDegradesPausesAndRecoversWithoutCommittingUnwrittenData() throws Exception {
        String prefix = "t2.";
        String topic = prefix + "events.sampled";
        kafka.createTopic(topic, 1, (short) 1);
        kafka.createTopic(prefix + "events.dlq", 1, (short) 1);
        List<Event> events = TestEvents.numbered(2000);
        KafkaSupport.produce(kafka.bootstrapServers(), topic, events);
        Map<TopicPartition, Long> ends = KafkaSupport.endOffsets(kafka.bootstrapServers(), topic, 1);
        // Every sample event falls on 2025-11-22: a file where that date's directory must go breaks every flush.
        Files.createDirectories(root.resolve(topic));
        Path blocker = Files.writeString(root.resolve(topic).resolve("dt=2025-11-22"), "not a directory");

        try (FileExportWorker worker = FileExportWorker.create(new FileExportConfig(settings(prefix)))) {
            worker.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> worker.health().status() == Status.DEGRADED);
            assertThat(ExportedFiles.manifests(root.resolve(topic))).isEmpty();
            assertThat(KafkaSupport.committed(kafka.bootstrapServers(), prefix + "export")).isEmpty();

            Files.delete(blocker);
            KafkaSupport.awaitExported(root.resolve(topic), ends, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() -> worker.health().status() == Status.UP);
        }
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(root.resolve(topic)),
                events.stream().map(Event::getEventId).toList());
        assertThat(ExportVerifier.verify(root).problems()).isEmpty();
    }

    @Test
    void sixtyFourPartitionsExportExactlyOnceWithBoundedWriters() throws Exception {
        String prefix = "t3.";
        String topic = prefix + "events.sampled";
        kafka.createTopic(topic, 64, (short) 1);
        kafka.createTopic(prefix + "events.dlq", 1, (short) 1);
        List<Event> events = TestEvents.numbered(20_000);
        KafkaSupport.produce(kafka.bootstrapServers(), topic, events);
        Map<TopicPartition, Long> ends = KafkaSupport.endOffsets(kafka.bootstrapServers(), topic, 64);
        Map<String, Object> s = settings(prefix);
        s.put(FileExportConfig.ROTATE_EVENTS, "100000");
        s.put(FileExportConfig.ROTATE_AGE_MS, "2000");
        s.put(FileExportConfig.FORMAT, "parquet");
        s.put(FileExportConfig.PARQUET_ROW_GROUP_BYTES, String.valueOf(1024 * 1024));
        try (FileExportWorker worker = FileExportWorker.create(new FileExportConfig(s))) {
            worker.start();
            KafkaSupport.awaitExported(root.resolve(topic), ends, Duration.ofSeconds(90));
        }
        VerifyReport report = ExportVerifier.verify(root);
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(20_000);
        assertThat(report.partitions()).hasSize((int) ends.values().stream().filter(e -> e > 0).count());
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "auto.offset.reset", "earliest",
                "group.id", "dlq-reader-" + topic), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }
}
