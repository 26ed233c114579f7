package io.tributary.export.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.export.file.Manifest;
import io.tributary.export.file.ManifestJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportStateTest {
    static final TopicPartition A0 = new TopicPartition("t.events.sampled", 0);
    static final TopicPartition A1 = new TopicPartition("t.events.sampled", 1);
    static final TopicPartition B0 = new TopicPartition("t.events.raw", 0);

    @TempDir
    Path dir;

    @Test
    void missingFileIsTheEmptyState() {
        assertThat(ExportState.load(dir.resolve("none.json"))).isEqualTo(ExportState.empty());
        assertThat(ExportState.empty().nextOffset(A0)).isEmpty();
    }

    @Test
    void writesAtomicallyAndReadsBackEveryOffset() throws Exception {
        Path file = dir.resolve("sub/state.json");
        ExportState state = ExportState.of(Map.of(A0, 10L, A1, 0L, B0, 12345678901L));
        state.write(file, Instant.parse("2025-11-22T08:00:00Z"));

        assertThat(ExportState.load(file)).isEqualTo(state);
        assertThat(ExportState.load(file).nextOffset(B0)).hasValue(12345678901L);
        String json = Files.readString(file);
        assertThat(json).contains("\"version\" : 1", "\"updated_at\" : \"2025-11-22T08:00:00Z\"",
                "\"next_offset\" : 10");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("state.json");
        }

        ExportState next = ExportState.of(Map.of(A0, 20L));
        next.write(file, Instant.parse("2025-11-22T09:00:00Z"));
        assertThat(ExportState.load(file)).isEqualTo(next);
    }

    @Test
    void damagedFileIsAClearError() throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\"version\":1,\"partitions\":[{\"topic\":\"x\"}]}");
        assertThatThrownBy(() -> ExportState.load(file)).isInstanceOf(RangeExportException.class)
                .hasMessageContaining("state file").hasMessageContaining("damaged");
        Files.writeString(file, "{\"version\":1,\"parti");
        assertThatThrownBy(() -> ExportState.load(file)).isInstanceOf(RangeExportException.class);
        Files.writeString(file, "{\"version\":7,\"partitions\":[]}");
        assertThatThrownBy(() -> ExportState.load(file)).isInstanceOf(RangeExportException.class);
    }

    @Test
    void rejectsNegativeOffsets() {
        assertThatThrownBy(() -> ExportState.of(Map.of(A0, -1L))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void advancesOnlyForward() {
        ExportState state = ExportState.of(Map.of(A0, 10L, A1, 5L));
        ExportState advanced = state.advancedTo(ExportState.of(Map.of(A0, 7L, A1, 9L, B0, 3L)));
        assertThat(advanced.offsets()).isEqualTo(Map.of(A0, 10L, A1, 9L, B0, 3L));
    }

    @Test
    void manifestsImplyTheOffsetAfterTheirEnd() throws Exception {
        writeManifest(A0, 0, 99);
        writeManifest(A0, 100, 149);
        writeManifest(A1, 7, 7);
        Files.writeString(dir.resolve("t.events.sampled/_manifests/.x.json.tmp"), "partial",
                StandardCharsets.UTF_8);

        assertThat(ExportState.fromManifests(dir).offsets()).isEqualTo(Map.of(A0, 150L, A1, 8L));
        assertThat(ExportState.fromManifests(dir.resolve("missing"))).isEqualTo(ExportState.empty());
    }

    private void writeManifest(TopicPartition tp, long start, long end) throws Exception {
        Manifest m = new Manifest(Manifest.CURRENT_VERSION, Instant.EPOCH, tp.topic(), tp.partition(), start, end,
                0, null, "ndjson", "zstd", false, end - start + 1, 0, Map.of(), List.of());
        Path manifests = dir.resolve(tp.topic()).resolve("_manifests");
        Files.createDirectories(manifests);
        Files.write(manifests.resolve(m.fileName()), ManifestJson.write(m));
    }
}
