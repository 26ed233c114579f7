package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary dev} as a user runs it: a separate JVM, stopped with SIGTERM (what Ctrl-C sends to Java). */
class DevModeIT {
    @TempDir
    Path data;

    @Test
    void devModeExportsDemoEventsWithinAMinuteStopsCleanlyAndResumes() throws Exception {
        int port = freePort();
        Path exports = data.resolve("exports");

        int metricsPort = freePort();
        Process first = startDev(port, metricsPort, data.resolve("first.log"));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> dataFiles(exports).size() > 0);
            // dev serves the console on its metrics port: its flow view counts the demo events, raw to files
            HttpClient http = HttpClient.newHttpClient();
            URI flow = URI.create("http://127.0.0.1:" + metricsPort + "/console/api/flow");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode stages = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(flow).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).get("stages");
                assertThat(stages.get(0).get("id").asText()).isEqualTo("raw");
                assertThat(stages.get(0).get("total").asLong()).isPositive();
                assertThat(stages.get(5).get("id").asText()).isEqualTo("exported");
                assertThat(stages.get(5).get("total").asLong()).isPositive();
            });
            // tail --max stops after exactly that many events, mid-batch.
            StringWriter tailed = new StringWriter();
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(60), () -> TributaryCli.run(
                    new PrintWriter(tailed), new PrintWriter(new StringWriter()), "tail", "--bootstrap-servers",
                    "127.0.0.1:" + port, "--topic", "raw", "--from-beginning", "--max", "3", "--format", "json")))
                    .isZero();
            assertThat(tailed.toString().lines().toList()).hasSize(3).allMatch(line -> line.startsWith("{"));
        } finally {
            stop(first);
        }
        assertThat(Files.readString(data.resolve("first.log"))).contains("Kafka is listening on 127.0.0.1:" + port)
                .contains("Console: http://127.0.0.1:" + metricsPort + "/console/").contains("Stopped.");
        long manifestsAfterFirst = manifests(exports);
        assertThat(verify(exports)).isZero();

        Process second = startDev(port, 0, data.resolve("second.log"));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> manifests(exports) > manifestsAfterFirst);
        } finally {
            stop(second);
        }
        assertThat(verify(exports)).isZero();
    }

    private Process startDev(int port, int metricsPort, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                TributaryCli.class.getName(), "dev", "--data-dir", data.toString(), "--port", String.valueOf(port),
                "--rate", "300", "--metrics-port", String.valueOf(metricsPort))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM: the shutdown hook closes every part
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("dev mode stops within 60 s").isTrue();
    }

    private static int verify(Path exports) {
        return TributaryCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "verify",
                exports.toString());
    }

    private static List<Path> dataFiles(Path exports) throws IOException {
        if (!Files.isDirectory(exports)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(exports)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".ndjson.zst")).toList();
        }
    }

    private static long manifests(Path exports) throws IOException {
        Path dir = exports.resolve("tributary.events.sampled").resolve("_manifests");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).count();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
