package io.tributary.export.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.core.ExportMetrics;
import io.tributary.export.format.Compression;
import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.FormatOptions;
import io.tributary.export.format.RecordKind;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.MutableClock;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A CSV export through the partition writer, with {@code export.csv.escape.formulas} on and off: the cells as
 * Commons CSV and DuckDB read them, the manifest's record of the setting, and {@code verify}.
 */
class CsvExportTest {
    static final String TOPIC = "tributary.events.sampled";
    static final String HYPERLINK = "=HYPERLINK(\"http://evil.example\",\"click, here\")";

    @TempDir
    Path root;

    final List<Event> events = events();

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theManifestRecordsTheSettingAndVerifyPasses(boolean escape) throws IOException {
        Manifest manifest = export(escape);

        assertThat(manifest.format()).isEqualTo("csv");
        assertThat(manifest.csvEscapeFormulas()).isEqualTo(escape);
        Path manifestFile = topicDir().resolve(ExportLayout.MANIFEST_DIR).resolve(manifest.fileName());
        assertThat(new ObjectMapper().readTree(manifestFile.toFile()).get("csv_escape_formulas").asBoolean())
                .isEqualTo(escape);
        VerifyReport report = ExportVerifier.verify(root);
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(events.size());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void commonsCsvReadsTheCellsEscapedOrNotAndNumbersUnchanged(boolean escape) throws IOException {
        Path file = dataFile(export(escape));
        Map<String, CSVRecord> byId = new HashMap<>();
        try (InputStream raw = Files.newInputStream(file);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                     .parse(new InputStreamReader(Compression.ZSTD.decompress(raw), StandardCharsets.UTF_8))) {
            parser.forEach(r -> byId.put(r.get("event_id"), r));
        }
        assertThat(byId).hasSize(events.size());
        assertThat(byId.get("hostile-call").get("func")).isEqualTo(escape ? "'" + HYPERLINK : HYPERLINK);
        assertThat(byId.get("hostile-return").get("func")).isEqualTo(escape ? "'@SUM(1+1)" : "@SUM(1+1)");
        assertThat(byId.get("hostile-return").get("dt_ns")).isEqualTo("-5");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void duckDbReadsTheFileWithTheCellsAsText(boolean escape) throws Exception {
        Path file = dataFile(export(escape));
        String source = "read_csv('" + file.toAbsolutePath() + "', header = true)";
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement sql = duck.createStatement()) {
            assertThat(single(sql, "SELECT count(*) FROM " + source)).containsExactly((long) events.size());
            assertThat(single(sql, "SELECT func FROM " + source + " WHERE event_id = 'hostile-call'"))
                    .containsExactly(escape ? "'" + HYPERLINK : HYPERLINK);
            assertThat(single(sql, "SELECT func, dt_ns FROM " + source + " WHERE event_id = 'hostile-return'"))
                    .containsExactly(escape ? "'@SUM(1+1)" : "@SUM(1+1)", -5L);
        }
    }

    @Test
    void otherFormatsRecordNoEscaping() {
        Manifest manifest = export(ExportFormat.of("ndjson", FormatOptions.defaults()));
        assertThat(manifest.csvEscapeFormulas()).isFalse();
    }

    private static List<Event> events() {
        List<Event> events = new ArrayList<>(TestEvents.numbered(10));
        events.add(TestEvents.fromFields(Map.of("type", "call", "id", "hostile-call", "session_id", "s1",
                "func", HYPERLINK, "t0_ns", 1763800000000000000L)));
        Event ret = TestEvents.fromFields(Map.of("type", "return", "id", "hostile-return", "session_id", "s1",
                "func", "@SUM(1+1)", "t1_ns", 1763800000000000005L, "dt_ns", 5));
        events.add(TestEvents.withPayloadField(ret, "dt_ns", -5L));
        return events;
    }

    private Manifest export(boolean escape) {
        return export(ExportFormat.of("csv", FormatOptions.defaults().withCsvEscapeFormulas(escape)));
    }

    /** Writes {@link #events} as one flush and returns its manifest. */
    private Manifest export(ExportFormat format) {
        FileWriterOptions options = new FileWriterOptions(new ExportLayout(root, List.of()), format,
                new RotationPolicy(1_000, Long.MAX_VALUE, Duration.ofHours(1)), 8, Map.of(),
                new MutableClock(Instant.parse("2025-11-22T09:00:00Z")));
        PartitionWriter writer = new PartitionWriter(TOPIC, 0, RecordKind.EVENT, options,
                new ExportMetrics(new SimpleMeterRegistry(), "files"), () -> { });
        writer.begin(0);
        for (int i = 0; i < events.size(); i++) {
            writer.append(i, events.get(i));
        }
        writer.flush();
        assertThat(writer.takeCommitOffset()).hasValue(events.size());
        return ExportedFiles.manifests(topicDir()).get(0);
    }

    private Path dataFile(Manifest manifest) {
        assertThat(manifest.files()).hasSize(1);
        return topicDir().resolve(manifest.files().get(0).path());
    }

    private Path topicDir() {
        return root.resolve(TOPIC);
    }

    /** The columns of the only row a query returns. */
    private static List<Object> single(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            assertThat(rs.next()).as("a row from %s", query).isTrue();
            List<Object> columns = new ArrayList<>();
            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                columns.add(rs.getObject(c));
            }
            assertThat(rs.next()).as("one row only from %s", query).isFalse();
            return columns;
        }
    }
}
