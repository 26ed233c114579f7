package io.tributary.export.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.file.ExportLayout;
import io.tributary.export.file.FileWriterOptions;
import io.tributary.export.file.Manifest;
import io.tributary.export.file.ManifestJson;
import io.tributary.export.file.PartitionWriter;
import io.tributary.export.file.RotationPolicy;
import io.tributary.export.format.Compression;
import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.FormatOptions;
import io.tributary.export.format.RecordKind;
import io.tributary.export.core.ExportMetrics;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.VerifyReport.Kind;
import io.tributary.schema.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportVerifierTest {
    static final ObjectMapper JACKSON = new ObjectMapper();
    static final String TOPIC = "tributary.events.sampled";

    @TempDir
    Path root;

    Path topicDir;

    @BeforeEach
    void export() {
        write("ndjson", 0, 0, 300);
        write("ndjson", 1, 0, 120);
        topicDir = root.resolve(TOPIC);
    }

    void write(String format, int partition, int from, int to) {
        FileWriterOptions options = new FileWriterOptions(new ExportLayout(root, List.of()),
                ExportFormat.of(format, FormatOptions.with(Compression.ZSTD)),
                new RotationPolicy(100, Long.MAX_VALUE, Duration.ofHours(1)), 8, Map.of(), Clock.systemUTC());
        PartitionWriter w = new PartitionWriter(TOPIC, partition, RecordKind.EVENT, options,
                new ExportMetrics(new SimpleMeterRegistry(), "files"), () -> { });
        w.begin(from);
        List<Event> events = TestEvents.numbered(to);
        for (int i = from; i < to; i++) {
            w.append(i, events.get(i));
        }
        w.flush();
    }

    @Test
    void aSoundExportPasses() {
        VerifyReport report = ExportVerifier.verify(root);
        assertThat(report.problems()).isEmpty();
        assertThat(report.exitCode()).isZero();
        assertThat(report.events()).isEqualTo(420);
        assertThat(report.manifests()).isEqualTo(5);
        assertThat(report.partitions()).extracting(VerifyReport.PartitionSummary::lastOffset)
                .containsExactly(299L, 119L);
        assertThat(report.render()).contains("OK");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "csv", "avro", "parquet"})
    void everyFormatIsParsedAndCounted(String format) throws IOException {
        Path other = root.resolve("other");
        Files.createDirectories(other);
        FileWriterOptions options = new FileWriterOptions(new ExportLayout(other, List.of()),
                ExportFormat.of(format, FormatOptions.defaults()),
                new RotationPolicy(100, Long.MAX_VALUE, Duration.ofHours(1)), 8, Map.of(), Clock.systemUTC());
        PartitionWriter w = new PartitionWriter(TOPIC, 0, RecordKind.EVENT, options,
                new ExportMetrics(new SimpleMeterRegistry(), "files"), () -> { });
        w.begin(0);
        List<Event> events = TestEvents.numbered(250);
        for (int i = 0; i < events.size(); i++) {
            w.append(i, events.get(i));
        }
        w.flush();
        VerifyReport report = ExportVerifier.verify(other);
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(250);
    }

    @Test
    void aChangedByteIsAChecksumMismatch() throws IOException {
        Path file = firstDataFile();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertProblem(Kind.CHECKSUM_MISMATCH);
    }

    @Test
    void aTruncatedFileIsASizeMismatch() throws IOException {
        Path file = firstDataFile();
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(file) - 1);
        }
        assertProblem(Kind.SIZE_MISMATCH);
    }

    @Test
    void aDeletedFileIsMissing() throws IOException {
        Files.delete(firstDataFile());
        assertProblem(Kind.MISSING_FILE);
    }

    @Test
    void aMissingManifestIsAGap() throws IOException {
        Files.delete(topicDir.resolve("_manifests").resolve(TOPIC + "+0+100-199.json"));
        VerifyReport report = ExportVerifier.verify(root);
        assertThat(report.problems()).extracting(VerifyReport.Problem::kind).contains(Kind.GAP, Kind.UNLISTED_FILE);
        assertThat(report.problems()).anySatisfy(p -> assertThat(p.detail()).contains("100..199"));
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void twoManifestsCoveringTheSameOffsetsAreAnOverlap() throws IOException {
        Manifest m = ExportedFiles.manifests(topicDir).get(1);
        Manifest dup = new Manifest(m.version(), m.exportedAt(), m.topic(), m.partition(), m.startOffset() + 50,
                m.endOffset() + 50, 0, null, m.format(), m.compression(), m.csvEscapeFormulas(), 0, 0, Map.of(),
                List.of());
        Files.write(topicDir.resolve("_manifests").resolve(dup.fileName()), ManifestJson.write(dup));
        assertProblem(Kind.OVERLAP);
    }

    @Test
    void aWrongCountIsACountMismatch() throws IOException {
        Manifest m = ExportedFiles.manifests(topicDir).get(0);
        Manifest lying = new Manifest(m.version(), m.exportedAt(), m.topic(), m.partition(), m.startOffset(),
                m.endOffset(), m.eventCount() + 1, m.timeRange(), m.format(), m.compression(), m.csvEscapeFormulas(),
                0, 0, Map.of(), m.files());
        Files.write(topicDir.resolve("_manifests").resolve(m.fileName()), ManifestJson.write(lying));
        assertProblem(Kind.COUNT_MISMATCH);
    }

    @Test
    void aFileNoManifestListsIsFlagged() throws IOException {
        Path file = firstDataFile();
        Files.copy(file, file.resolveSibling(TOPIC + "+0+999.ndjson.zst"));
        assertProblem(Kind.UNLISTED_FILE);
    }

    @Test
    void manifestsWrittenBeforeCsvEscapeFormulasExistedStillVerify() throws IOException {
        try (Stream<Path> manifests = Files.list(topicDir.resolve(ExportLayout.MANIFEST_DIR))) {
            for (Path file : manifests.filter(Files::isRegularFile).toList()) {
                ObjectNode json = (ObjectNode) JACKSON.readTree(file.toFile());
                assertThat(json.remove("csv_escape_formulas")).isNotNull();
                JACKSON.writeValue(file.toFile(), json);
            }
        }
        assertThat(ExportedFiles.manifests(topicDir)).hasSize(5)
                .allSatisfy(m -> assertThat(m.csvEscapeFormulas()).isFalse());
        VerifyReport report = ExportVerifier.verify(root);
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(420);
    }

    @Test
    void anUnparsableManifestIsBad() throws IOException {
        Files.writeString(topicDir.resolve("_manifests").resolve(TOPIC + "+2+0-9.json"), "{\"version\":");
        assertProblem(Kind.BAD_MANIFEST);
    }

    private Path firstDataFile() {
        return topicDir.resolve(ExportedFiles.manifests(topicDir).get(0).files().get(0).path());
    }

    private void assertProblem(Kind kind) {
        VerifyReport report = ExportVerifier.verify(root);
        assertThat(report.problems()).extracting(VerifyReport.Problem::kind).contains(kind);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.render()).contains(kind.name());
    }
}
