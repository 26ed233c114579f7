package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.file.ExportLayout;
import io.tributary.export.file.Manifest;
import io.tributary.export.file.ManifestFile;
import io.tributary.export.file.ManifestJson;
import io.tributary.export.format.Compression;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.JsonEventCodec;
import io.tributary.schema.codec.SampleEvents;
import io.tributary.schema.kafka.EventSerde;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary export range} against a real broker, checked by reading the files back and by verify. */
@Timeout(120)
class ExportRangeCommandIT {
    static final Instant T0 = Instant.parse("2025-11-22T06:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedKafkaCluster kafka;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

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

    private int cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--no-progress"));
        return TributaryCli.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    }

    @Test
    void exportRangeWithFiltersWritesExactlyTheMatchingEventsAndPassesVerify() {
        String topic = "c1.events.sampled";
        kafka.createTopic(topic, 3, (short) 1);
        List<Event> events = timeline("e-", 2000, Duration.ofMillis(5400));
        produce(topic, events, 0);
        Instant from = T0.plus(Duration.ofMinutes(45));
        Instant to = T0.plus(Duration.ofMinutes(150));

        Path export = dir.resolve("range");
        int code = cli("export", "range", "--topic-prefix", "c1.", "--from", from.toString(), "--to", to.toString(),
                "--type", "call,http_response", "--session", "s2,s5", "--out", export.toString(),
                "--rotate-events", "40");

        assertThat(code).as(err.toString()).isZero();
        List<String> expected = events.stream().filter(e -> e.getTsNs() >= nanos(from) && e.getTsNs() < nanos(to)
                && (e.getType() == EventType.CALL || e.getType() == EventType.HTTP_RESPONSE)
                && (e.getSessionId().equals("s2") || e.getSessionId().equals("s5")))
                .map(Event::getEventId).sorted().toList();
        assertThat(expected).hasSizeGreaterThan(20);
        List<String> exported = new ArrayList<>(exportedIds(export.resolve(topic)));
        exported.sort(Comparator.naturalOrder());
        assertThat(exported).containsExactlyElementsOf(expected);
        assertThat(out.toString()).contains("Exported " + expected.size() + " events");

        assertThat(TributaryCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "verify", export.toString()))
                .as(out + "\n" + err).isZero();
    }

    @Test
    void twoIncrementalExportsLeaveNoGapAndNoOverlap() throws Exception {
        String topic = "c2.events.sampled";
        kafka.createTopic(topic, 2, (short) 1);
        Path export = dir.resolve("incremental");
        Path state = dir.resolve("state.json");
        List<Event> all = timeline("e-", 900, Duration.ofSeconds(1));
        produce(topic, all.subList(0, 400), 0);
        String[] run = {"export", "range", "--topic-prefix", "c2.", "--incremental", "--state", state.toString(),
            "--out", export.toString(), "--rotate-events", "50"};

        assertThat(cli(run)).as(err.toString()).isZero();
        assertThat(exportedIds(export.resolve(topic))).hasSize(400);
        String firstState = Files.readString(state);

        produce(topic, all.subList(400, 900), 0);
        assertThat(cli(run)).as(err.toString()).isZero();

        assertThat(Files.readString(state)).isNotEqualTo(firstState);
        List<String> exported = exportedIds(export.resolve(topic));
        assertThat(exported).doesNotHaveDuplicates();
        assertThat(exported).containsExactlyInAnyOrderElementsOf(all.stream().map(Event::getEventId).toList());
        Map<Integer, Long> next = new HashMap<>();
        for (Manifest m : manifests(export.resolve(topic))) {
            assertThat(m.startOffset()).as("manifest %s follows the previous one", m.fileName())
                    .isEqualTo(next.getOrDefault(m.partition(), 0L));
            next.put(m.partition(), m.endOffset() + 1);
        }
        assertThat(TributaryCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "verify", export.toString()))
                .as(out + "\n" + err).isZero();
    }

    /** {@code n} sample events, {@code step} apart from {@link #T0}, in seven sessions s0..s6. */
    private static List<Event> timeline(String idPrefix, int n, Duration step) {
        JsonEventCodec codec = JsonEventCodec.create();
        List<String> lines = SampleEvents.lines();
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Event base = codec.decode(lines.get(i % lines.size()).getBytes(StandardCharsets.UTF_8),
                    DecodeContext.defaults());
            events.add(Event.newBuilder(base).setEventId(idPrefix + i)
                    .setTsNs(nanos(T0.plus(step.multipliedBy(i)))).setSessionId("s" + (i % 7)).build());
        }
        return events;
    }

    /** Produces Avro events with record timestamps {@code delayMs} after their event times. */
    private static void produce(String topic, List<Event> events, long delayMs) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10);
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventSerde.avro().serializer())) {
            for (Event e : events) {
                producer.send(new ProducerRecord<>(topic, null, e.getTsNs() / 1_000_000 + delayMs, e.getEventId(), e));
            }
            producer.flush();
        }
    }

    private static List<Manifest> manifests(Path topicDir) throws Exception {
        List<Manifest> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(topicDir.resolve(ExportLayout.MANIFEST_DIR))) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                result.add(ManifestJson.read(Files.readAllBytes(f)));
            }
        }
        result.sort(Comparator.comparingInt(Manifest::partition).thenComparingLong(Manifest::startOffset));
        return result;
    }

    /** The id of every NDJSON line of every file the manifests list. */
    private static List<String> exportedIds(Path topicDir) {
        List<String> ids = new ArrayList<>();
        try {
            for (Manifest m : manifests(topicDir)) {
                for (ManifestFile f : m.files()) {
                    try (InputStream raw = Files.newInputStream(topicDir.resolve(f.path()));
                         BufferedReader in = new BufferedReader(new InputStreamReader(
                                 Compression.fromName(f.compression()).decompress(raw), StandardCharsets.UTF_8))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            ids.add(JSON.readTree(line).get("event_id").asText());
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
