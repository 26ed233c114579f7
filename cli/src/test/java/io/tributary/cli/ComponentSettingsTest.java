package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.export.file.FileExportConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ComponentSettingsTest {
    @Test
    void settingsNoOneKnowsAreNamedInTheWarningAndNotHandedOn() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new TributaryCli());
        commandLine.setErr(new PrintWriter(err));
        KafkaOptions kafka = new KafkaOptions();
        kafka.bootstrapServers = "127.0.0.1:1";
        kafka.topicPrefix = "tributary.";
        kafka.kafkaConfig.put("sasl.mechanism", "PLAIN");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("exprot.format", "csv");                  // misspelt
        config.put("spool.dir", "/var/spool");               // the SDK's
        config.put("kafka.my.login.option", "x");            // explicit
        config.put("max.poll.records", "10");                // a consumer setting

        FileExportConfig export = ComponentSettings.fileExport(kafka, commandLine, Path.of("out"), config);

        assertThat(err.toString()).isEqualTo(
                "tributary: warning: exprot.format is not a setting this command or Kafka knows (misspelt?); ignored. "
                        + "To pass it to the Kafka clients as is, write kafka.exprot.format" + System.lineSeparator()
                        + "tributary: warning: spool.dir is not a setting this command or Kafka knows (misspelt?); ignored. "
                        + "To pass it to the Kafka clients as is, write kafka.spool.dir" + System.lineSeparator());
        assertThat(export.kafkaClientSettings()).containsOnlyKeys("bootstrap.servers", "sasl.mechanism",
                "my.login.option", "max.poll.records");
    }

    @Test
    void theStatusIntervalUsesTheSharedDurationGrammar() {
        DevCommand.DurationConverter converter = new DevCommand.DurationConverter();
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("PT2S")).isEqualTo(Duration.ofSeconds(2));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> converter.convert("often"))
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("'often'")
                .hasMessageContaining("500ms");
    }
}
