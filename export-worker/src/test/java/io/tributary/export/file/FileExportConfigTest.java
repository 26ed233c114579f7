package io.tributary.export.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.export.format.Compression;
import io.tributary.export.format.ParquetFormat;
import io.tributary.export.core.RecordFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class FileExportConfigTest {
    @Test
    void defaultsExportSampledEventsAsZstdNdjson() {
        FileExportConfig config = new FileExportConfig(Map.of());
        assertThat(config.topics()).containsExactly("tributary.events.sampled");
        assertThat(config.format().extension()).isEqualTo("ndjson.zst");
        assertThat(config.format().compression()).isEqualTo(Compression.ZSTD);
        assertThat(config.rotation().maxEvents()).isEqualTo(100_000);
        assertThat(config.rotation().maxAge()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.layout().root()).isEqualTo(Path.of("tributary-data").toAbsolutePath());
        assertThat(config.getString(FileExportConfig.GROUP_ID)).isEqualTo("tributary-export-files");
        assertThat(config.filterDescription()).isEmpty();
        assertThat(config.getInt(FileExportConfig.THREADS))
                .isEqualTo(Math.min(64, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void environmentVariablesMapOntoKeysAndOverridesWin() {
        FileExportConfig config = FileExportConfig.fromEnvironment(Map.of(
                "TRIBUTARY_BOOTSTRAP_SERVERS", "broker:9093",
                "TRIBUTARY_EXPORT_FORMAT", "parquet",
                "TRIBUTARY_EXPORT_ROTATE_AGE_MS", "5000",
                "TRIBUTARY_SECURITY_PROTOCOL", "SSL",
                "PATH", "/usr/bin"), Map.of(FileExportConfig.EXPORT_DIR, "/data/x"));
        assertThat(config.getString(FileExportConfig.BOOTSTRAP_SERVERS)).isEqualTo("broker:9093");
        assertThat(config.format()).isInstanceOf(ParquetFormat.class);
        assertThat(config.rotation().maxAge()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.layout().root()).isEqualTo(Path.of("/data/x"));
        assertThat(config.kafkaClientSettings()).containsEntry("security.protocol", "SSL")
                .containsEntry("bootstrap.servers", "broker:9093")
                .doesNotContainKey(FileExportConfig.FORMAT);
    }

    @Test
    void invalidValuesFailNamingTheKey() {
        assertThatThrownBy(() -> new FileExportConfig(Map.of(FileExportConfig.FORMAT, "xml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(FileExportConfig.FORMAT);
        assertThatThrownBy(() -> new FileExportConfig(Map.of(FileExportConfig.ZSTD_LEVEL, "30")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(FileExportConfig.ZSTD_LEVEL);
        assertThatThrownBy(() -> new FileExportConfig(Map.of(FileExportConfig.FILTER_FROM, "yesterday")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(FileExportConfig.FILTER_FROM);
        assertThatThrownBy(() -> new FileExportConfig(Map.of(FileExportConfig.FILTER_TYPES, "call,bogus")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(FileExportConfig.FILTER_TYPES);
    }

    @Test
    void filtersAreBuiltAndDescribedForManifests() {
        FileExportConfig config = new FileExportConfig(Map.of(
                FileExportConfig.FILTER_FROM, "2025-11-22T08:00:00Z",
                FileExportConfig.FILTER_TYPES, "call,return",
                FileExportConfig.TOPICS, "tributary.events.sampled,tributary.metrics.1m"));
        assertThat(config.filterDescription()).containsExactly(
                Map.entry(FileExportConfig.FILTER_FROM, "2025-11-22T08:00:00Z"),
                Map.entry(FileExportConfig.FILTER_TYPES, "call,return"));
        assertThat(config.filter()).isInstanceOf(RecordFilter.class);
        assertThat(config.topics()).containsExactly("tributary.events.sampled", "tributary.metrics.1m");
    }

    @Test
    void csvFormulaEscapingIsOnByDefaultAndCanBeTurnedOff() {
        assertThat(new FileExportConfig(Map.of(FileExportConfig.FORMAT, "csv")).format().escapesFormulas())
                .isTrue();
        FileExportConfig off = FileExportConfig.fromEnvironment(Map.of("TRIBUTARY_EXPORT_CSV_ESCAPE_FORMULAS",
                "false"), Map.of(FileExportConfig.FORMAT, "csv"));
        assertThat(off.format().escapesFormulas()).isFalse();
        assertThat(new FileExportConfig(Map.of()).format().escapesFormulas()).as("ndjson escapes nothing").isFalse();
        assertThatThrownBy(() -> new FileExportConfig(Map.of(FileExportConfig.CSV_ESCAPE_FORMULAS, "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(FileExportConfig.CSV_ESCAPE_FORMULAS);
        assertThat(FileExportConfig.reference()).contains(FileExportConfig.CSV_ESCAPE_FORMULAS);
    }

    @Test
    void everySettingIsDocumented() {
        assertThat(FileExportConfig.CONFIG.configKeys().values())
                .allSatisfy(key -> assertThat(key.documentation).isNotBlank());
        assertThat(FileExportConfig.reference()).contains(FileExportConfig.ROTATE_BYTES);
        assertThat(List.copyOf(FileExportConfig.CONFIG.names())).hasSizeGreaterThan(20);
    }
}
