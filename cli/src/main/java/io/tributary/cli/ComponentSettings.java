package io.tributary.cli;

import io.tributary.export.file.FileExportConfig;
import io.tributary.processor.ProcessorConfig;
import io.tributary.runtime.config.KafkaPassThrough;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;

/**
 * Builds a component's configuration (processor, export worker) from the Kafka options, {@code --config} entries
 * and the environment, and warns about settings that neither the component nor Kafka knows, most likely
 * misspelt. Those are not handed on (see {@link KafkaPassThrough}); a setting the Kafka clients should get as
 * is (a SASL login module's own option, say) is written {@code kafka.<key>}.
 */
final class ComponentSettings {
    private ComponentSettings() {
    }

    /**
     * The keys of {@code given} that are not settings of {@code config} (the component's own) nor reach its Kafka
     * clients: the processor's rule ({@link ProcessorConfig#KAFKA_PASS_THROUGH}) when {@code streams}, else
     * {@link KafkaPassThrough#clients()}.
     */
    static List<String> unknown(Map<String, ?> given, AbstractConfig config, boolean streams) {
        KafkaPassThrough rule = streams ? ProcessorConfig.KAFKA_PASS_THROUGH : KafkaPassThrough.clients();
        return rule.refused(given, config.values().keySet());
    }

    /** The processor's configuration: the Kafka options, then {@code config}. */
    static ProcessorConfig processor(KafkaOptions kafka, CommandLine commandLine, Map<String, String> config) {
        Map<String, Object> overrides = new LinkedHashMap<>(kafka.clientSettings(commandLine));
        overrides.put(ProcessorConfig.TOPIC_PREFIX, kafka.topicPrefix);
        overrides.putAll(config);
        return build(commandLine, "processor", overrides, ProcessorConfig::fromEnvironment, true);
    }

    /** The file export's configuration: the Kafka options, the directory {@code out}, then {@code config}. */
    static FileExportConfig fileExport(KafkaOptions kafka, CommandLine commandLine, Path out,
            Map<String, String> config) {
        return fileExport(kafka, commandLine, out.toString(), config);
    }

    /** As {@link #fileExport(KafkaOptions, CommandLine, Path, Map)}, {@code out} a directory or {@code s3://} URI. */
    static FileExportConfig fileExport(KafkaOptions kafka, CommandLine commandLine, String out,
            Map<String, String> config) {
        Map<String, Object> overrides = new LinkedHashMap<>(kafka.clientSettings(commandLine));
        overrides.put(FileExportConfig.TOPIC_PREFIX, kafka.topicPrefix);
        overrides.put(FileExportConfig.EXPORT_DIR, out);
        overrides.putAll(config);
        return build(commandLine, "export", overrides, FileExportConfig::fromEnvironment, false);
    }

    /**
     * Builds a component's configuration from the environment and {@code overrides} (the command's options and
     * {@code --config} entries); a value it refuses is a usage error naming the key, and keys of
     * {@code overrides} it does not take are named in a warning.
     *
     * @param what    what the settings configure, for the error message ("processor", "export")
     * @param streams whether the component is a Kafka Streams application (its settings are known too)
     */
    static <C extends AbstractConfig> C build(CommandLine commandLine, String what, Map<String, ?> overrides,
            BiFunction<Map<String, String>, Map<String, ?>, C> fromEnvironment, boolean streams) {
        C config;
        try {
            config = fromEnvironment.apply(System.getenv(), overrides);
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(commandLine, "invalid " + what + " setting: " + e.getMessage());
        }
        warn(commandLine, overrides, config, streams);
        return config;
    }

    /** Prints one warning line per unknown key on the command's error stream. */
    static void warn(CommandLine commandLine, Map<String, ?> given, AbstractConfig config, boolean streams) {
        PrintWriter err = commandLine.getErr();
        for (String key : unknown(given, config, streams)) {
            err.println("tributary: warning: " + key + " is not a setting this command or Kafka knows (misspelt?); "
                    + "ignored. To pass it to the Kafka clients as is, write " + KafkaPassThrough.EXPLICIT_PREFIX
                    + key);
        }
        err.flush();
    }
}
