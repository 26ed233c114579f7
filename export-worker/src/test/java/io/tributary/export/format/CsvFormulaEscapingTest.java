package io.tributary.export.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.export.testing.TestEvents;
import io.tributary.schema.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CSV formula escaping ({@code export.csv.escape.formulas}), on and off, read back with Commons CSV. */
class CsvFormulaEscapingTest {
    private static final String HYPERLINK = "=HYPERLINK(\"http://evil.example/?a=1,2\",\"click\")\r\nsecond \"line\"";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
    void aTextCellStartingAFormulaGetsALeadingApostrophe(String lead) throws IOException {
        String func = lead + "cmd|' /C calc'!A0";
        CSVRecord row = read(write(true, call("c1", func))).get(0);
        assertThat(row.get("func")).isEqualTo("'" + func);
        assertThat(row.get("event_id")).isEqualTo("c1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
    void withEscapingOffTheCellIsWrittenAsItIs(String lead) throws IOException {
        String func = lead + "cmd|' /C calc'!A0";
        assertThat(read(write(false, call("c1", func))).get(0).get("func")).isEqualTo(func);
    }

    @Test
    void negativeNumbersInNumericColumnsStayNumbersWhileTheSameTextIsEscaped() throws IOException {
        Event valid = TestEvents.fromFields(Map.of("type", "http_response", "id", "r1", "session_id", "s1",
                "status", 500, "t1_ns", 1763800000000000000L, "dt_ns", 5, "error", "-5"));
        // The JSON codec rejects both values; the writer must not rely on that.
        Event response = TestEvents.withPayloadField(TestEvents.withPayloadField(valid, "status", -5), "dt_ns", -5L);
        Path file = write(true, response);
        CSVRecord row = read(file).get(0);
        assertThat(row.get("status")).isEqualTo("-5");
        assertThat(row.get("dt_ns")).isEqualTo("-5");
        assertThat(row.get("error")).isEqualTo("'-5");
        assertThat(Files.readString(file)).contains(",-5,").contains("\"'-5\"");
    }

    @Test
    void anEscapedCellIsStillQuotedPerRfc4180() throws IOException {
        Event exception = TestEvents.fromFields(Map.of("type", "exception", "id", "x1", "session_id", "s1",
                "func", "f", "ts_ns", 1763800000000000000L, "type_name", "E", "message", HYPERLINK));
        Path file = write(true, exception);
        assertThat(read(file)).singleElement().satisfies(row -> assertThat(row.get("message"))
                .isEqualTo("'" + HYPERLINK));
        assertThat(Files.readString(file)).contains("\"'=HYPERLINK(\"\"http://evil.example/?a=1,2\"\",\"\"click\"\")"
                + "\r\nsecond \"\"line\"\"\"");
        assertThat(format(true).countRecords(file)).isEqualTo(1);
    }

    @Test
    void harmlessTextAndEmptyValuesAreUnchanged() throws IOException {
        Event event = TestEvents.fromFields(Map.of("type", "call", "id", "c2", "session_id", "", "func", "a=b+c",
                "t0_ns", 1763800000000000000L));
        Path file = write(true, event);
        CSVRecord row = read(file).get(0);
        assertThat(row.get("func")).isEqualTo("a=b+c");
        assertThat(row.get("session_id")).isEmpty();
        assertThat(Files.readString(file)).contains(",\"\",");
    }

    @Test
    void onlyTextColumnsAreEscapedNotNumbersNorTheBase64OfTheLatencySketch() {
        FlatTable table = FlatTable.of(RecordKind.METRIC_WINDOW);
        List<String> names = table.columns().stream().map(FlatTable.Column::name).toList();
        Object[] row = new Object[names.size()];
        row[names.indexOf("name")] = "+SUM(A1)";
        row[names.indexOf("latency_sketch")] = "+AAAAB/8=";
        row[names.indexOf("count")] = -5L;

        new CsvFormulaEscaping(table.columns()).apply(row);

        assertThat(row[names.indexOf("name")]).isEqualTo("'+SUM(A1)");
        assertThat(row[names.indexOf("latency_sketch")]).isEqualTo("+AAAAB/8=");
        assertThat(row[names.indexOf("count")]).isEqualTo(-5L);
        assertThat(row[names.indexOf("service")]).isNull();
    }

    @Test
    void theFormatReportsItsSetting() {
        assertThat(format(true).escapesFormulas()).isTrue();
        assertThat(format(false).escapesFormulas()).isFalse();
        assertThat(ExportFormat.of("ndjson", FormatOptions.defaults()).escapesFormulas()).isFalse();
    }

    private static Event call(String id, String func) {
        return TestEvents.fromFields(Map.of("type", "call", "id", id, "session_id", "s1", "func", func,
                "t0_ns", 1763800000000000000L));
    }

    private static CsvFormat format(boolean escape) {
        return new CsvFormat(FormatOptions.with(Compression.NONE).withCsvEscapeFormulas(escape));
    }

    private Path write(boolean escape, Event event) throws IOException {
        Path file = dir.resolve("events-" + escape + ".csv");
        try (OutputStream out = Files.newOutputStream(file);
             RecordWriter writer = format(escape).open(out, RecordKind.EVENT)) {
            writer.write(event);
        }
        return file;
    }

    private static List<CSVRecord> read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            return parser.getRecords();
        }
    }
}
