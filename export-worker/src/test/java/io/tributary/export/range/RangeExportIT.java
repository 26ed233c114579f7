package io.tributary.export.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.file.Manifest;
import io.tributary.export.format.Compression;
import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.FormatOptions;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.KafkaSupport;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.Category;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.kafka.EventSerde;
import io.tributary.schema.kafka.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Range and incremental exports against a real broker, read back through their manifests. */
@Timeout(120)
class RangeExportIT {
    static final Instant T0 = Instant.parse("2025-11-22T06:00:00Z");
    static EmbeddedKafkaCluster kafka;

    @TempDir
    Path root;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.builder().nodes(1).build();
        kafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    RangeExportBuilder export(String prefix) {
        return RangeExport.builder().kafkaSettings(Map.of("bootstrap.servers", kafka.bootstrapServers()))
                .topicNames(Topics.withPrefix(prefix)).requestTimeout(Duration.ofSeconds(15))
                .idleTimeout(Duration.ofSeconds(15));
    }

    @Test
    void exportsExactlyTheEventsMatchingTimeTypeCategoryAndSessionFilters() {
        String prefix = "r1.";
        String topic = prefix + "events.sampled";
        kafka.createTopic(topic, 3, (short) 1);
        // 3000 events over 3 hours; each reaches Kafka 0 to 2 minutes after its event time.
        List<Event> events = timeline("e-", 3000, Duration.ofMillis(3600));
        produceWithDelay(topic, events);
        Instant from = T0.plus(Duration.ofHours(1));
        Instant to = T0.plus(Duration.ofHours(2));

        Path outA = root.resolve("a");
        RangeExportResult a = export(prefix).from(from).to(to).types(Set.of("call", "EXCEPTION"))
                .rotateEvents(100).out(outA).build().run();

        List<String> expectedA = ids(events, e -> inRange(e, from, to)
                && (e.getType() == EventType.CALL || e.getType() == EventType.EXCEPTION));
        assertThat(expectedA).hasSizeGreaterThan(50);
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(outA.resolve(topic)), expectedA);
        assertThat(a.eventsExported()).isEqualTo(expectedA.size());
        assertThat(a.manifestsWritten()).isGreaterThan(3);
        assertVerified(outA, expectedA.size());
        for (Manifest m : ExportedFiles.manifests(outA.resolve(topic))) {
            assertThat(m.filters()).containsEntry("export.filter.from", from.toString())
                    .containsEntry("export.filter.to", to.toString())
                    .containsEntry("export.filter.types", "call,exception");
            if (m.timeRange() != null) {
                assertThat(m.timeRange().firstNs()).isGreaterThanOrEqualTo(nanos(from));
                assertThat(m.timeRange().lastNs()).isLessThan(nanos(to));
            }
        }

        Path outB = root.resolve("b");
        RangeExportResult b = export(prefix).categories(Set.of("error", "performance"))
                .sessions(Set.of("s1", "s3")).format(ExportFormat.of("ndjson", FormatOptions.with(Compression.GZIP)))
                .out(outB).build().run();
        List<String> expectedB = ids(events, e -> (e.getCategory() == Category.ERROR
                || e.getCategory() == Category.PERFORMANCE) && Set.of("s1", "s3").contains(e.getSessionId()));
        assertThat(expectedB).isNotEmpty();
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(outB.resolve(topic)), expectedB);
        assertThat(b.skipped()).isEqualTo(events.size() - expectedB.size());
        assertVerified(outB, expectedB.size());

        Path outC = root.resolve("c");
        RangeExportResult c = export(prefix).from(from).to(to).types(Set.of("call", "exception"))
                .format(ExportFormat.of("parquet", FormatOptions.defaults())).rotateEvents(100).out(outC).build()
                .run();
        assertThat(c.eventsExported()).isEqualTo(expectedA.size());
        assertVerified(outC, expectedA.size());

        assertThatThrownBy(() -> export(prefix).out(outA).build().run())
                .isInstanceOf(RangeExportException.class).hasMessageContaining("already holds an export");
        assertThatThrownBy(() -> export(prefix).topics(List.of("r1.missing")).out(root.resolve("d")).build().run())
                .isInstanceOf(RangeExportException.class).hasMessageContaining("r1.missing does not exist");
    }

    @Test
    void incrementalExportsContinueExactlyWhereTheLastOneStopped() throws Exception {
        String prefix = "r2.";
        String topic = prefix + "events.sampled";
        kafka.createTopic(topic, 2, (short) 1);
        Path out = root.resolve("out");
        Path state = root.resolve("state/export-state.json");
        List<String> all = new ArrayList<>();

        all.addAll(produceBatch(topic, "a-", 500));
        RangeExportResult first = export(prefix).stateFile(state).rotateEvents(64).out(out).build().run();
        assertThat(first.eventsExported()).isEqualTo(500);
        assertThat(first.stateWritten()).isTrue();
        assertThat(ExportState.load(state).offsets()).isEqualTo(endOffsets(topic, 2));

        all.addAll(produceBatch(topic, "b-", 700));
        RangeExportResult second = export(prefix).stateFile(state).rotateEvents(64).out(out).build().run();
        assertThat(second.eventsExported()).isEqualTo(700);
        for (RangeExportResult.PartitionResult p : second.partitions()) {
            RangeExportResult.PartitionResult before = first.partitions().stream()
                    .filter(q -> q.partition() == p.partition()).findFirst().orElseThrow();
            assertThat(p.startOffset()).isEqualTo(before.nextOffset());
        }
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(out.resolve(topic)), all);
        assertVerified(out, all.size());
        assertManifestsCoverFromZeroTo(out.resolve(topic), endOffsets(topic, 2));

        RangeExportResult idle = export(prefix).stateFile(state).out(out).build().run();
        assertThat(idle.eventsExported()).isZero();
        assertThat(ExportState.load(state).offsets()).isEqualTo(endOffsets(topic, 2));

        // A run whose manifests were published but whose state write was lost: the next run trusts the
        // manifests of its output directory and exports nothing twice.
        Path saved = root.resolve("saved-state.json");
        Files.copy(state, saved);
        all.addAll(produceBatch(topic, "c-", 300));
        export(prefix).stateFile(state).out(out).build().run();
        Files.copy(saved, state, StandardCopyOption.REPLACE_EXISTING);
        all.addAll(produceBatch(topic, "d-", 200));
        RangeExportResult afterLoss = export(prefix).stateFile(state).out(out).build().run();
        assertThat(afterLoss.eventsExported()).isEqualTo(200);
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(out.resolve(topic)), all);
        assertVerified(out, all.size());
        assertThat(ExportState.load(state).offsets()).isEqualTo(endOffsets(topic, 2));
    }

    @Test
    void incrementalExportsIntoSeparateDirectoriesTogetherHoldEverythingOnce() {
        String prefix = "r3.";
        String topic = prefix + "events.sampled";
        kafka.createTopic(topic, 3, (short) 1);
        List<String> all = new ArrayList<>(produceBatch(topic, "a-", 400));
        RangeExportResult first = export(prefix).resumeFrom(ExportState.empty()).out(root.resolve("1")).build()
                .run();
        assertThat(first.stateWritten()).isFalse();
        all.addAll(produceBatch(topic, "b-", 400));
        export(prefix).resumeFrom(first.nextState()).out(root.resolve("2")).build().run();

        List<String> union = new ArrayList<>(ExportedFiles.eventIds(root.resolve("1").resolve(topic)));
        union.addAll(ExportedFiles.eventIds(root.resolve("2").resolve(topic)));
        ExportedFiles.assertExactlyOnce(union, all);
        assertVerified(root.resolve("1"), 400);
        assertVerified(root.resolve("2"), 400);
    }

    private static void assertVerified(Path dir, long events) {
        VerifyReport report = ExportVerifier.verify(dir);
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.events()).isEqualTo(events);
    }

    private static void assertManifestsCoverFromZeroTo(Path topicDir, Map<TopicPartition, Long> ends) {
        Map<Integer, Long> next = new HashMap<>();
        for (Manifest m : ExportedFiles.manifests(topicDir)) {
            assertThat(m.startOffset()).as("partition %d", m.partition()).isEqualTo(next.getOrDefault(m.partition(), 0L));
            next.put(m.partition(), m.endOffset() + 1);
        }
        ends.forEach((tp, end) -> assertThat(next.getOrDefault(tp.partition(), 0L)).isEqualTo(end));
    }

    private List<String> produceBatch(String topic, String idPrefix, int n) {
        List<Event> events = new ArrayList<>();
        for (Event e : TestEvents.numbered(n)) {
            events.add(Event.newBuilder(e).setEventId(idPrefix + e.getEventId()).build());
        }
        KafkaSupport.produce(kafka.bootstrapServers(), topic, events);
        return events.stream().map(Event::getEventId).toList();
    }

    private static Map<TopicPartition, Long> endOffsets(String topic, int partitions) {
        return KafkaSupport.endOffsets(kafka.bootstrapServers(), topic, partitions);
    }

    /** {@code n} sample events, {@code step} apart from {@link #T0}, in seven sessions s0..s6. */
    private static List<Event> timeline(String idPrefix, int n, Duration step) {
        List<Event> base = TestEvents.numbered(n);
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(Event.newBuilder(base.get(i)).setEventId(idPrefix + i)
                    .setTsNs(nanos(T0.plus(step.multipliedBy(i)))).setSessionId("s" + (i % 7)).build());
        }
        return events;
    }

    /** Produces each event with a record timestamp 0, 1 or 2 minutes after its event time. */
    private static void produceWithDelay(String topic, List<Event> events) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventSerde.avro().serializer())) {
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                long timestampMs = e.getTsNs() / 1_000_000 + (i % 3) * 60_000L;
                producer.send(new ProducerRecord<>(topic, null, timestampMs, e.getEventId(), e));
            }
            producer.flush();
        }
    }

    private static boolean inRange(Event e, Instant from, Instant to) {
        return e.getTsNs() >= nanos(from) && e.getTsNs() < nanos(to);
    }

    private static List<String> ids(List<Event> events, Predicate<Event> matching) {
        return events.stream().filter(matching).map(Event::getEventId).toList();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
