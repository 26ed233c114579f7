package io.tributary.export.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.export.testing.TestEvents;
import io.tributary.schema.Event;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.JsonEventCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every format, in every compression, read back by an independent reader with identical content. */
class FormatRoundTripTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private final List<Event> events = TestEvents.all();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void ndjsonLinesParseWithJacksonIntoTheCanonicalJsonOfEachEvent(Compression compression) throws IOException {
        Path file = write("ndjson", compression);
        assertThat(file.getFileName().toString()).endsWith(".ndjson" + compression.suffix());

        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(decompress(file, compression),
                StandardCharsets.UTF_8))) {
            in.lines().forEach(lines::add);
        }
        assertThat(lines).hasSize(events.size());
        JsonEventCodec codec = JsonEventCodec.create();
        for (int i = 0; i < events.size(); i++) {
            assertThat(JACKSON.readTree(lines.get(i))).isEqualTo(JACKSON.readTree(TestEvents.json(events.get(i))));
            assertThat(codec.decode(lines.get(i).getBytes(StandardCharsets.UTF_8), DecodeContext.defaults()))
                    .isEqualTo(events.get(i));
        }
        assertThat(new NdjsonFormat(FormatOptions.with(compression)).countRecords(file)).isEqualTo(events.size());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void jsonArrayParsesWithJacksonAsOneArrayOfTheEvents(Compression compression) throws IOException {
        Path file = write("json", compression);
        JsonNode array;
        try (InputStream in = decompress(file, compression)) {
            array = JACKSON.readTree(in);
        }
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            assertThat(array.get(i)).isEqualTo(JACKSON.readTree(TestEvents.json(events.get(i))));
        }
        assertThat(new JsonArrayFormat(FormatOptions.with(compression)).countRecords(file)).isEqualTo(events.size());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void emptyJsonArrayIsValidJson(Compression compression) throws IOException {
        Path file = dir.resolve("empty.json" + compression.suffix());
        JsonArrayFormat format = new JsonArrayFormat(FormatOptions.with(compression));
        try (OutputStream out = Files.newOutputStream(file); RecordWriter w = format.open(out, RecordKind.EVENT)) {
            assertThat(w).isNotNull();
        }
        try (InputStream in = decompress(file, compression)) {
            assertThat(JACKSON.readTree(in).isEmpty()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void csvParsesWithCommonsCsvIntoTheStableColumns(Compression compression) throws IOException {
        Path file = write("csv", compression);
        FlatTable table = FlatTable.of(RecordKind.EVENT);
        List<CSVRecord> records;
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new InputStreamReader(decompress(file, compression), StandardCharsets.UTF_8))) {
            assertThat(parser.getHeaderNames()).containsExactlyElementsOf(
                    table.columns().stream().map(FlatTable.Column::name).toList());
            records = parser.getRecords();
        }
        assertThat(records).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            CSVRecord r = records.get(i);
            assertThat(r.get("event_id")).isEqualTo(e.getEventId());
            assertThat(r.get("type")).isEqualTo(e.getType().name().toLowerCase(Locale.ROOT));
            assertThat(r.get("service")).isEqualTo(e.getService());
            assertThat(Long.parseLong(r.get("ts_ns"))).isEqualTo(e.getTsNs());
            Object[] row = table.row(e);
            for (int c = 0; c < row.length; c++) {
                assertThat(r.get(c)).as("column %s of event %d", table.columns().get(c).name(), i)
                        .isEqualTo(row[c] == null ? "" : row[c].toString());
            }
        }
        CSVRecord exception = records.get(events.size() - 3);
        assertThat(exception.get("message")).isEqualTo("line one\nline two,\r\n\"end\" \u00e9\u4e2d\ud83d\ude00");
        assertThat(exception.get("service")).isEqualTo("svc, \"quoted\"");
        CSVRecord custom = records.get(events.size() - 2);
        assertThat(JACKSON.readTree(custom.get("data"))).isEqualTo(
                JACKSON.readTree("{\"a\":\"x,y\",\"q\":\"say \\\"hi\\\"\",\"n\":[1,2,{\"z\":null}]}"));
        assertThat(new CsvFormat(FormatOptions.with(compression)).countRecords(file)).isEqualTo(events.size());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void avroContainerReadsBackWithDataFileReaderAsTheSameEvents(Compression compression) throws IOException {
        Path file = write("avro", compression);
        assertThat(file.getFileName().toString()).endsWith(".avro");
        List<Event> read = new ArrayList<>();
        try (DataFileReader<Event> reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(Event.class))) {
            assertThat(reader.getMetaString("avro.codec")).isEqualTo(
                    switch (compression) {
                        case ZSTD -> "zstandard";
                        case GZIP -> "deflate";
                        case NONE -> "null";
                    });
            reader.forEach(read::add);
        }
        assertThat(read).containsExactlyElementsOf(events);
        assertThat(new AvroFormat(FormatOptions.with(compression)).countRecords(file)).isEqualTo(events.size());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void parquetReadsBackWithParquetJavaAsTheFlatRows(Compression compression) throws IOException {
        Path file = write("parquet", compression);
        FlatTable table = FlatTable.of(RecordKind.EVENT);
        List<Group> rows = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFormat.open(file)) {
            MessageType schema = reader.getFileMetaData().getSchema();
            for (PageReadStore rowGroup = reader.readNextRowGroup(); rowGroup != null;
                    rowGroup = reader.readNextRowGroup()) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(rowGroup, new GroupRecordConverter(schema));
                for (long r = 0; r < rowGroup.getRowCount(); r++) {
                    rows.add(records.read());
                }
            }
        }
        assertThat(rows).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            Object[] expected = table.row(events.get(i));
            for (int c = 0; c < expected.length; c++) {
                FlatTable.Column column = table.columns().get(c);
                assertThat(parquetValue(rows.get(i), column))
                        .as("column %s of event %d", column.name(), i).isEqualTo(expected[c]);
            }
        }
        try (ParquetFileReader footer = ParquetFormat.open(file)) {
            CompressionCodecName expected = switch (compression) {
                case ZSTD -> CompressionCodecName.ZSTD;
                case GZIP -> CompressionCodecName.GZIP;
                case NONE -> CompressionCodecName.UNCOMPRESSED;
            };
            for (BlockMetaData block : footer.getFooter().getBlocks()) {
                for (ColumnChunkMetaData column : block.getColumns()) {
                    assertThat(column.getCodec()).isEqualTo(expected);
                }
            }
        }
        assertThat(new ParquetFormat(FormatOptions.with(compression)).countRecords(file)).isEqualTo(events.size());
    }

    private static Object parquetValue(Group row, FlatTable.Column column) {
        String name = column.name();
        if (row.getFieldRepetitionCount(name) == 0) {
            return null;
        }
        return switch (column.type()) {
            case STRING, BYTES -> row.getString(name, 0);
            case INT -> row.getInteger(name, 0);
            case LONG -> row.getLong(name, 0);
            case DOUBLE -> row.getDouble(name, 0);
            case BOOLEAN -> row.getBoolean(name, 0);
        };
    }

    private Path write(String formatName, Compression compression) throws IOException {
        ExportFormat format = ExportFormat.of(formatName, FormatOptions.with(compression));
        Path file = dir.resolve("events." + format.extension());
        try (OutputStream out = Files.newOutputStream(file); RecordWriter w = format.open(out, RecordKind.EVENT)) {
            for (Event e : events) {
                w.write(e);
            }
        }
        return file;
    }

    private static InputStream decompress(Path file, Compression compression) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return switch (compression) {
            case ZSTD -> new com.github.luben.zstd.ZstdInputStream(raw);
            case GZIP -> new GZIPInputStream(raw);
            case NONE -> raw;
        };
    }
}
