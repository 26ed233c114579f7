package io.tributary.export.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.export.format.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpExportConfigTest {
    private static final String SECRET = "tok-5f3c2a91-very-secret";

    @TempDir
    Path dir;

    @Test
    void defaultsFollowTheIssue() {
        HttpExportConfig config = new HttpExportConfig(Map.of(HttpExportConfig.ENDPOINT, "https://c.example/v1"));
        assertThat(config.topics()).containsExactly("tributary.events.sampled");
        assertThat(config.compression()).isEqualTo(Compression.GZIP);
        assertThat(config.retryPolicy()).isEqualTo(RetryPolicy.defaults());
        assertThat(config.getInt(HttpExportConfig.CONCURRENCY)).isEqualTo(4);
        assertThat(config.batchLimits()).isEqualTo(new BatchLimits(5_000, 4L * 1024 * 1024, Duration.ofSeconds(1)));
    }

    @Test
    void plainHttpNeedsTheAllowInsecureFlag() {
        assertThatThrownBy(() -> new HttpExportConfig(Map.of(HttpExportConfig.ENDPOINT, "http://127.0.0.1:8080/")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(HttpExportConfig.ALLOW_INSECURE);
        assertThat(new HttpExportConfig(Map.of(HttpExportConfig.ENDPOINT, "http://127.0.0.1:8080/",
                HttpExportConfig.ALLOW_INSECURE, "true")).endpoint().getPort()).isEqualTo(8080);
        assertThatThrownBy(() -> new HttpExportConfig(Map.of(HttpExportConfig.ENDPOINT, "ftp://x/")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new HttpExportConfig(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(HttpExportConfig.ENDPOINT);
        assertThatThrownBy(() -> new HttpExportConfig(Map.of(HttpExportConfig.ENDPOINT,
                "https://user:" + SECRET + "@c.example/"))).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void environmentVariablesMapOntoKeysAndTheTokenIsNeverPrinted() throws Exception {
        HttpExportConfig config = HttpExportConfig.fromEnvironment(Map.of(
                "TRIBUTARY_HTTP_ENDPOINT", "https://c.example/v1",
                "TRIBUTARY_HTTP_TOKEN", SECRET,
                "TRIBUTARY_HTTP_COMPRESSION", "zstd",
                "TRIBUTARY_HTTP_RETRY_EXHAUSTED", "dlq",
                "PATH", "/usr/bin"), Map.of("max.poll.records", "100"));

        assertThat(config.compression()).isEqualTo(Compression.ZSTD);
        assertThat(config.retryPolicy().exhausted()).isEqualTo(HttpExportConfig.Exhausted.DLQ);
        assertThat(config.tokenSource().current()).contains(SECRET);
        assertThat(config.toString()).doesNotContain(SECRET).contains("[hidden]");
        assertThat(config.values().toString()).doesNotContain(SECRET);
        assertThat(config.tokenSource().toString()).doesNotContain(SECRET);
        assertThat(config.kafkaClientSettings()).containsEntry("max.poll.records", "100")
                .doesNotContainKey(HttpExportConfig.TOKEN).doesNotContainKey(HttpExportConfig.ENDPOINT);
        assertThat(config.kafkaClientSettings().toString()).doesNotContain(SECRET);
    }

    @Test
    void aTokenFileWinsAndIsReReadWhenItChanges() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "  first-token\n");
        TokenSource tokens = new HttpExportConfig(Map.of(HttpExportConfig.ENDPOINT, "https://c.example/",
                HttpExportConfig.TOKEN, SECRET, HttpExportConfig.TOKEN_FILE, file.toString())).tokenSource();
        assertThat(tokens.current()).contains("first-token");

        Files.writeString(file, "second-token-longer");

        assertThat(tokens.current()).contains("second-token-longer");
        assertThat(tokens.redact("denied: second-token-longer and " + SECRET)).isEqualTo("denied: [hidden] and [hidden]");
        assertThat(tokens.toString()).doesNotContain("second-token-longer");
    }

    @Test
    void theReferenceDocumentsEveryKey() {
        String reference = HttpExportConfig.reference();
        for (String key : List.of(HttpExportConfig.ENDPOINT, HttpExportConfig.TOKEN_FILE, HttpExportConfig.BATCH_EVENTS,
                HttpExportConfig.RETRY_MAX_ELAPSED_MS, HttpExportConfig.RETRY_EXHAUSTED, HttpExportConfig.AUTH_RETRY_MS)) {
            assertThat(reference).contains(key);
        }
    }
}
