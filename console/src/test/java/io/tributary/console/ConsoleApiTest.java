package io.tributary.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.console.watch.Flow;
import io.tributary.export.file.Manifest;
import io.tributary.export.file.ManifestFile;
import io.tributary.export.file.ManifestJson;
import io.tributary.export.file.TimeRange;
import io.tributary.export.storage.LocalStorage;
import io.tributary.schema.EventType;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.SessionSummary;
import io.tributary.schema.kafka.DeadLetterHeaders;
import io.tributary.schema.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON behind each view, from a console whose models are fed directly (no Kafka). */
class ConsoleApiTest {
    private static final String HOSTILE = "<script>alert(1)</script>";
    private static final long NOW = 1_800_000_000_000L;

    @TempDir
    Path exports;

    private Console console;
    private ConsoleApi api;

    @BeforeEach
    void setUp() {
        console = new Console(new ConsoleSettings(Map.of("bootstrap.servers", "broker:9092"), Topics.defaults(),
                ConsoleSettings.defaultGroups(), Optional.of(LocalStorage.create(exports)), List.of(),
                ConsoleSettings.DEFAULT_HISTORY));
        api = new ConsoleApi(console);
    }

    @Test
    void flowCountsEachStageWithRateAndSparkline() {
        for (int i = 0; i < 30; i++) {
            console.flow().add(Flow.Stage.RAW, NOW - 5_000 + i, 1);
        }
        console.flow().add(Flow.Stage.DLQ, NOW - 5_000, 4);
        console.flow().add(Flow.Stage.KEPT, NOW - 20 * 60_000, 7); // older than the sparkline: total only

        JsonNode flow = api.flow(NOW);
        assertThat(stage(flow, "raw").get("total").asLong()).isEqualTo(30);
        assertThat(stage(flow, "dlq").get("total").asLong()).isEqualTo(4);
        assertThat(stage(flow, "kept").get("total").asLong()).isEqualTo(7);
        assertThat(stage(flow, "raw").get("rate").asDouble()).isEqualTo(3.0);
        assertThat(stage(flow, "raw").get("sparkline")).hasSize(ConsoleApi.SPARK_BUCKETS);
        assertThat(sum(stage(flow, "raw").get("sparkline"))).isEqualTo(30);
        assertThat(sum(stage(flow, "kept").get("sparkline"))).isZero();
        // The processor has committed nothing yet (the console is not started): nothing counts as valid.
        assertThat(stage(flow, "valid").get("total").asLong()).isZero();
    }

    @Test
    void deadLettersGiveReasonsFieldSourceAPreviewAndTheKcatCommand() {
        byte[] value = ("{\"func\":\"" + HOSTILE + "\"}\u0001").getBytes(StandardCharsets.UTF_8);
        byte[] withBadByte = new byte[value.length + 1];
        System.arraycopy(value, 0, withBadByte, 0, value.length);
        withBadByte[value.length] = (byte) 0xFF;
        console.deadLetters().add(deadLetter(7, withBadByte, "MISSING_FIELD",
                "MISSING_FIELD at field 'session_id': required"));
        console.deadLetters().add(deadLetter(8, "{\"type\":".getBytes(StandardCharsets.UTF_8), "MALFORMED_JSON",
                "MALFORMED_JSON: end of input"));
        console.deadLetters().add(deadLetter(9, "x".getBytes(StandardCharsets.UTF_8), "MALFORMED_JSON", "MALFORMED_JSON: x"));

        JsonNode dlq = api.deadLetters();
        assertThat(dlq.get("reasons").get("MALFORMED_JSON").asLong()).isEqualTo(2);
        assertThat(dlq.get("reasons").get("MISSING_FIELD").asLong()).isEqualTo(1);
        JsonNode oldest = dlq.get("latest").get(2);
        assertThat(oldest.get("reason").asText()).isEqualTo("MISSING_FIELD");
        assertThat(oldest.get("field").asText()).isEqualTo("session_id");
        assertThat(oldest.get("sourceTopic").asText()).isEqualTo("tributary.events.raw");
        assertThat(oldest.get("sourceOffset").asText()).isEqualTo("1007");
        assertThat(oldest.get("preview").asText()).isEqualTo("{\"func\":\"" + HOSTILE + "\"}\\x01\\xFF");
        assertThat(oldest.get("kcat").asText())
                .isEqualTo("kcat -C -b broker:9092 -t tributary.events.dlq -p 0 -o 7 -c 1 -f '%h\\n%s\\n'");
    }

    @Test
    void windowsShowTheLatestOfEachKeyAndTheHistoryOfOne() {
        console.windows().add(window(HOSTILE, 0, 10_000, 5, 2.0e6));
        console.windows().add(window(HOSTILE, 10_000, 20_000, 9, 3.0e6));
        console.windows().add(window("checkout", 10_000, 20_000, 3, null));

        JsonNode rows = api.windows();
        assertThat(rows).hasSize(2);
        JsonNode hostile = find(rows, "id", "10s shop/CALL/" + HOSTILE);
        assertThat(hostile.get("count").asLong()).isEqualTo(9);
        assertThat(hostile.get("p99").asDouble()).isEqualTo(3.0e6);
        assertThat(hostile.get("windows").asInt()).isEqualTo(2);
        assertThat(find(rows, "id", "10s shop/CALL/checkout").get("p99").isNull()).isTrue();
        JsonNode history = api.windowHistory("10s shop/CALL/" + HOSTILE);
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("count").asLong()).isEqualTo(5);
        assertThat(api.windowHistory("no such key")).isEmpty();
    }

    @Test
    void samplingSetsKeptBesideTheWindowTotals() {
        console.windows().add(window("checkout", 10_000, 20_000, 8, null));
        console.windows().add(window("pay", 10_000, 20_000, 2, null));
        console.sampling().kept(EventType.CALL, 10_500);
        console.sampling().kept(EventType.CALL, 19_999);
        console.sampling().kept(EventType.CALL, 20_000); // next window

        JsonNode sampling = api.sampling().view();
        assertThat(sampling.get("window").asText()).isEqualTo("10s");
        JsonNode observed = sampling.get("observed").get(0);
        assertThat(observed.get("target").asText()).isEqualTo("type:call");
        assertThat(observed.get("total").asLong()).isEqualTo(10);
        assertThat(observed.get("kept").asLong()).isEqualTo(2);
        assertThat(observed.get("ratio").asDouble()).isEqualTo(0.2);
    }

    @Test
    void sessionsAndTheTailKeepEventDataAsStrings() throws Exception {
        console.sessions().add(SessionSummary.newBuilder().setSessionId(HOSTILE).setService("shop").setTag("beta")
                .setStartNs(1).setEndNs(5).setDurationNs(4).setEventCount(3).setCalls(1).setExceptions(1)
                .setHttpCalls(1).setErrorStatuses(1).build());
        String event = api.mapper().writeValueAsString(api.mapper().createObjectNode().put("func", HOSTILE));
        console.tail().add(NOW, 1, 42, "CALL", "shop", HOSTILE, event);
        console.tail().add(NOW, 1, 43, "CALL", "shop", "s-2", event);

        JsonNode session = api.sessions().get(0);
        assertThat(session.get("sessionId").asText()).isEqualTo(HOSTILE);
        assertThat(session.get("exceptions").asLong()).isEqualTo(1);
        assertThat(session.get("tag").asText()).isEqualTo("beta");
        JsonNode tail = api.mapper().readTree(api.mapper().writeValueAsString(api.tail(0, 10)));
        assertThat(tail).hasSize(2);
        assertThat(tail.get(0).get("event").get("func").asText()).isEqualTo(HOSTILE);
        assertThat(api.tail(tail.get(0).get("seq").asLong(), 10)).hasSize(1);
        JsonNode snapshot = api.mapper().readTree(api.mapper().writeValueAsString(api.snapshot(NOW)));
        assertThat(snapshot.get("sessions").get(0).get("sessionId").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void exportsListFlushesFromTheManifests() throws Exception {
        Path manifests = Files.createDirectories(exports.resolve("tributary.events.sampled/_manifests"));
        Manifest m = new Manifest(Manifest.CURRENT_VERSION, Instant.ofEpochMilli(NOW), "tributary.events.sampled",
                3, 100, 149, 50, new TimeRange(1, 2), "ndjson", "zstd", false, 0, 0, Map.of(),
                List.of(new ManifestFile("dt=2027-01-15/hour=08/f.ndjson.zst", "ndjson", "zstd", 50, 1234, "00", new TimeRange(1, 2))));
        Files.write(manifests.resolve(m.fileName()), ManifestJson.write(m));
        console.ledger().orElseThrow().refresh();

        JsonNode files = api.exports().view().get("files");
        assertThat(files.get("flushes").asLong()).isEqualTo(1);
        assertThat(files.get("events").asLong()).isEqualTo(50);
        JsonNode flush = files.get("latest").get(0);
        assertThat(flush.get("exportedAt").asText()).isEqualTo(Instant.ofEpochMilli(NOW).toString());
        assertThat(flush.get("partition").asInt()).isEqualTo(3);
        assertThat(flush.get("endOffset").asLong()).isEqualTo(149);
        assertThat(flush.get("bytes").asLong()).isEqualTo(1234);
        assertThat(files.get("verify").get("state").asText()).isEqualTo("never");
    }

    private static ConsumerRecord<byte[], byte[]> deadLetter(long offset, byte[] value, String reason, String message) {
        return new ConsumerRecord<>("tributary.events.dlq", 0, offset, NOW, TimestampType.CREATE_TIME, 0, value.length,
                null, value, DeadLetterHeaders.stamp(new RecordHeaders(), "EventDecodeException", reason, message,
                        "tributary.events.raw", 1, 1000 + offset), Optional.empty());
    }

    private static MetricWindow window(String name, long start, long end, long count, Double p99) {
        return MetricWindow.newBuilder().setService("shop").setEventType(EventType.CALL).setName(name)
                .setWindowStartMs(start).setWindowEndMs(end).setCount(count).setErrorCount(0).setP99Ns(p99).build();
    }

    private static JsonNode stage(JsonNode flow, String id) {
        return find(flow.get("stages"), "id", id);
    }

    private static JsonNode find(JsonNode rows, String field, String value) {
        for (JsonNode row : rows) {
            if (row.get(field).asText().equals(value)) {
                return row;
            }
        }
        throw new AssertionError("no row with " + field + "=" + value + " in " + rows);
    }

    private static long sum(JsonNode values) {
        long sum = 0;
        for (JsonNode v : values) {
            sum += v.asLong();
        }
        return sum;
    }
}
