package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.export.file.FileExportConfig;
import io.tributary.processor.ProcessorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TributaryCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return TributaryCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {{"--help"}, {"dev", "--help"}, {"broker", "--help"},
            {"process", "--help"}, {"console", "--help"}, {"export", "files", "--help"}, {"export", "http", "--help"}, {"verify", "--help"}, {"tail", "--help"},
            {"sampling", "set", "--help"}, {"produce", "--help"}, {"topics", "create", "--help"}}) {
            assertThat(run(command)).as(String.join(" ", command)).isZero();
        }
        assertThat(out.toString()).contains("Usage: tributary dev").contains("--no-demo");
    }

    @Test
    void aBadFlagExitsWithTwoAndOneClearMessage() {
        assertThat(run("dev", "--rate-limit", "5")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--rate-limit'").contains("tributary dev --help");
        assertThat(err.toString()).doesNotContain("Exception");
    }

    @Test
    void aBadValueExitsWithTwoNamingTheFlag() {
        assertThat(run("produce", "--rate", "-3")).isEqualTo(2);
        assertThat(err.toString()).contains("--rate must be positive, got -3.0");
        assertThat(run("tail", "--type", "teleport")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown event type 'teleport'");
    }

    @Test
    void aConsoleBeyondLoopbackWithoutItsTokenIsAUsageErrorNamingTheVariable() {
        Assumptions.assumeTrue(System.getenv(ConsoleCommand.TOKEN_ENV) == null, "the token is set in this environment");
        assertThat(run("console", "--bind", "0.0.0.0")).isEqualTo(2);
        assertThat(err.toString()).contains("0.0.0.0").contains("TRIBUTARY_CONSOLE_TOKEN").doesNotContain("Exception");
        assertThat(run("console", "--group", "exporter=x")).isEqualTo(2);
        assertThat(err.toString()).contains("the role must be processor, file or http");
        assertThat(run("console", "--component", "p=ftp://host")).isEqualTo(2);
        assertThat(err.toString()).contains("give an http:// or https:// URL");
    }

    @Test
    void aKafkaSettingTheClientRefusesIsAUsageErrorNamingIt() {
        assertThat(run("topics", "describe", "--bootstrap-servers", "127.0.0.1:1", "--kafka-config",
                "security.protocol=BOGUS")).isEqualTo(2);
        assertThat(err.toString()).contains("security.protocol").contains("BOGUS")
                .contains("--verbose shows the stack trace");
        err.getBuffer().setLength(0);
        assertThat(run("topics", "describe", "--bootstrap-servers", "127.0.0.1:1", "--kafka-config",
                "security.protocol=BOGUS", "--verbose")).isEqualTo(2);
        assertThat(err.toString()).as("--verbose after the subcommand").contains("\tat org.apache.kafka")
                .doesNotContain("--verbose shows the stack trace");
    }

    @Test
    void bootstrapServersFromKafkaConfigAreUsedWhenNoFlagOrVariableSetsThem() {
        KafkaOptions options = new KafkaOptions();
        options.kafkaConfig.put("bootstrap.servers", "kafka-1:9093");
        String env = System.getenv(KafkaOptions.BOOTSTRAP_ENV);
        picocli.CommandLine commandLine = new picocli.CommandLine(new TributaryCli());
        assertThat(options.clientSettings(commandLine)).containsEntry("bootstrap.servers",
                env != null && !env.isBlank() ? env : "kafka-1:9093");
        options.bootstrapServers = "kafka-2:9092";
        assertThat(options.clientSettings(commandLine)).containsEntry("bootstrap.servers", "kafka-2:9092");
    }

    @Test
    void misspeltSettingsAreNamedButKafkaStreamsAndClientSettingsAreNot() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("metricswindows", "1m");                        // misspelt metrics.windows
        given.put("metrics.windows", "1m");                       // the processor's own
        given.put("num.stream.threads", "2");                     // Kafka Streams
        given.put("main.consumer.max.poll.records", "100");       // Kafka Streams, prefixed
        given.put("security.protocol", "SSL");                    // Kafka clients
        given.put("config.providers.vault.class", "x.Provider");  // a config provider
        ProcessorConfig config = new ProcessorConfig(Map.of(ProcessorConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1"));
        assertThat(ComponentSettings.unknown(given, config, true)).containsExactly("metricswindows");
        FileExportConfig export = new FileExportConfig(Map.of(FileExportConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1"));
        assertThat(ComponentSettings.unknown(Map.of("num.stream.threads", "2", "export.format", "csv"), export,
                false))
                .as("a Kafka Streams setting means nothing to the export worker")
                .containsExactly("num.stream.threads");
    }

    @Test
    void aPortInUseIsAUsageErrorNamingThePort(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            String port = String.valueOf(taken.getLocalPort());
            assertThat(run("dev", "--port", port, "--data-dir", dir.toString(), "--metrics-port", "0")).isEqualTo(2);
            assertThat(err.toString()).contains("--port " + port + ": 127.0.0.1:" + port + " is in use")
                    .doesNotContain("Exception");
            assertThat(run("broker", "--port", port, "--data-dir", dir.resolve("kafka").toString())).isEqualTo(2);
        }
        assertThat(run("broker", "--port", "65535", "--nodes", "2", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("ports must lie between 1 and 65535");
    }

    @Test
    void aPlainHttpEndpointNeedsAllowInsecure() {
        assertThat(run("export", "http", "--endpoint", "http://127.0.0.1:1/ingest", "--metrics-port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("https");
    }

    @Test
    void verifyOfAMissingDirectoryIsAUsageError(@TempDir Path dir) {
        assertThat(run("verify", dir.resolve("nope").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("not a directory");
    }
}
