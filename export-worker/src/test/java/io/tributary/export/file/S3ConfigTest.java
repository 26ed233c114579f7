package io.tributary.export.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.export.storage.s3.S3Location;
import io.tributary.export.storage.s3.S3Settings;
import java.net.URI;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** How {@code export.dir=s3://...}, {@code export.storage} and the {@code export.s3.*} keys select and configure S3. */
class S3ConfigTest {
    @Test
    void anS3ExportDirSelectsS3WithDefaults() {
        S3Settings s3 = new FileExportConfig(Map.of(FileExportConfig.EXPORT_DIR, "s3://analytics/tributary/raw/"))
                .s3Settings().orElseThrow();
        assertThat(s3.location()).isEqualTo(new S3Location("analytics", "tributary/raw"));
        assertThat(s3.endpoint()).isNull();
        assertThat(s3.region()).isNull();
        assertThat(s3.encryption()).isEqualTo(S3Settings.Encryption.NONE);
        assertThat(s3.partBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(s3.partPool()).isEqualTo(8);
    }

    @Test
    void storageS3WithBucketPrefixAndEveryOptionFromTheEnvironment() {
        S3Settings s3 = FileExportConfig.fromEnvironment(Map.of(
                "TRIBUTARY_EXPORT_STORAGE", "s3",
                "TRIBUTARY_EXPORT_S3_BUCKET", "b",
                "TRIBUTARY_EXPORT_S3_PREFIX", "p/q",
                "TRIBUTARY_EXPORT_S3_ENDPOINT", "http://minio:9000",
                "TRIBUTARY_EXPORT_S3_PATH_STYLE", "true",
                "TRIBUTARY_EXPORT_S3_REGION", "eu-west-1",
                "TRIBUTARY_EXPORT_S3_STORAGE_CLASS", "STANDARD_IA",
                "TRIBUTARY_EXPORT_S3_SSE", "sse-kms",
                "TRIBUTARY_EXPORT_S3_SSE_KMS_KEY_ID", "alias/exports",
                "TRIBUTARY_EXPORT_S3_PART_POOL_SIZE", "3"), Map.of()).s3Settings().orElseThrow();
        assertThat(s3.location()).hasToString("s3://b/p/q");
        assertThat(s3.endpoint()).isEqualTo(URI.create("http://minio:9000"));
        assertThat(s3.pathStyle()).isTrue();
        assertThat(s3.region()).isEqualTo("eu-west-1");
        assertThat(s3.storageClass()).isEqualTo("STANDARD_IA");
        assertThat(s3.encryption()).isEqualTo(S3Settings.Encryption.SSE_KMS);
        assertThat(s3.kmsKeyId()).isEqualTo("alias/exports");
        assertThat(s3.partPool()).isEqualTo(3);
    }

    @Test
    void aLocalDirectoryIsNotS3AndBadValuesAreRefused() {
        assertThat(new FileExportConfig(Map.of(FileExportConfig.EXPORT_DIR, "/data/x")).s3Settings()).isEmpty();
        assertThatThrownBy(() -> new FileExportConfig(Map.of(FileExportConfig.STORAGE, "s3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bucket");
        assertThatThrownBy(() -> new FileExportConfig(Map.of(FileExportConfig.EXPORT_DIR, "s3://b/p",
                FileExportConfig.S3_PART_BYTES, "1048576"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new FileExportConfig(Map.of(FileExportConfig.EXPORT_DIR, "s3://b/p",
                FileExportConfig.S3_SSE, "rot13"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> S3Location.parse("s3:///p")).isInstanceOf(IllegalArgumentException.class);
    }
}
