package io.tributary.export.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.schema.EventType;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.SessionSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.generic.IndexedRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Metric windows and session summaries go through every format too. */
class OtherKindsTest {
    @TempDir
    Path dir;

    static MetricWindow window() {
        return MetricWindow.newBuilder().setService("checkout").setEventType(EventType.HTTP_RESPONSE)
                .setName("GET /v1/users/{id}").setWindowStartMs(1_763_800_000_000L).setWindowEndMs(1_763_800_060_000L)
                .setCount(42).setErrorCount(1).setStatus5xx(1).setStatus2xx(41)
                .setLatencySketch(ByteBuffer.wrap(new byte[] {1, 2, 3})).setLatencyCount(42).setP50Ns(1.5e6)
                .setP90Ns(2e6).setP99Ns(9e6).setMaxNs(1.2e7).build();
    }

    static SessionSummary session() {
        return SessionSummary.newBuilder().setSessionId("sess_1").setService("web").setTag(null)
                .setStartNs(1_763_800_000_000_000_000L).setEndNs(1_763_800_001_000_000_000L)
                .setDurationNs(1_000_000_000L).setEventCount(10).setCalls(4).setExceptions(1).setHttpCalls(2)
                .setErrorStatuses(0).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ndjson", "json", "csv", "avro", "parquet"})
    void metricWindowsAndSessionsWriteAndCount(String name) throws IOException {
        ExportFormat format = ExportFormat.of(name, FormatOptions.defaults());
        assertThat(format.countRecords(write(format, RecordKind.METRIC_WINDOW, window(), "m"))).isEqualTo(2);
        assertThat(format.countRecords(write(format, RecordKind.SESSION_SUMMARY, session(), "s"))).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ndjson"})
    void metricJsonUsesFieldNamesLowerCaseEnumsAndBase64Bytes(String name) throws IOException {
        Path file = write(ExportFormat.of(name, FormatOptions.with(Compression.NONE)), RecordKind.METRIC_WINDOW,
                window(), "m");
        JsonNode line = new ObjectMapper().readTree(Files.readAllLines(file, StandardCharsets.UTF_8).get(0));
        assertThat(line.get("event_type").asText()).isEqualTo("http_response");
        assertThat(line.get("latency_sketch").asText()).isEqualTo("AQID");
        assertThat(line.get("p99_ns").asDouble()).isEqualTo(9e6);
        assertThat(RecordKind.METRIC_WINDOW.eventTimeNs(window())).isEqualTo(1_763_800_000_000_000_000L);
    }

    private Path write(ExportFormat format, RecordKind kind, IndexedRecord record, String prefix) throws IOException {
        Path file = dir.resolve(prefix + "." + format.extension());
        try (OutputStream out = Files.newOutputStream(file); RecordWriter w = format.open(out, kind)) {
            w.write(record);
            w.write(record);
        }
        return file;
    }
}
