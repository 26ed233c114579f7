package io.tributary.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;

/**
 * Builds a component's configuration (processor, export worker) from {@code --config} entries and the
 * environment, and warns about {@code --config} keys that neither the component nor Kafka knows, most likely
 * misspelt. Those are still passed on (a SASL login module or a config provider may read keys of its own), so
 * this warns and does not fail.
 */
final class ComponentSettings {
    /** Prefixes Kafka Streams strips before handing a setting to one of its clients or its internal topics. */
    private static final List<String> STREAMS_PREFIXES = List.of(StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX,
            StreamsConfig.TOPIC_PREFIX);

    private ComponentSettings() {
    }

    /**
     * The keys of {@code given} that are not settings of {@code config} (the component's own), of the Kafka
     * clients, of Kafka Streams when {@code streams}, nor of a config provider.
     */
    static List<String> unknown(Map<String, String> given, AbstractConfig config, boolean streams) {
        Set<String> known = new HashSet<>(config.values().keySet());
        known.addAll(ConsumerConfig.configNames());
        known.addAll(ProducerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        if (streams) {
            known.addAll(StreamsConfig.configDef().names());
        }
        return given.keySet().stream().filter(key -> !known.contains(key) && !prefixed(key, streams)).sorted()
                .toList();
    }

    private static boolean prefixed(String key, boolean streams) {
        if (key.startsWith("config.providers.")) {
            return true;
        }
        if (!streams) {
            return false;
        }
        for (String prefix : STREAMS_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Builds a component's configuration from the environment and {@code overrides}; a value it refuses is a
     * usage error naming the key, and keys of {@code given} (the {@code --config} entries) it does not know are
     * named in a warning.
     *
     * @param what      what the settings configure, for the error message ("processor", "export")
     * @param streams   whether the component is a Kafka Streams application (its settings are known too)
     */
    static <C extends AbstractConfig> C build(CommandLine commandLine, String what, Map<String, String> given,
            Map<String, ?> overrides, BiFunction<Map<String, String>, Map<String, ?>, C> fromEnvironment,
            boolean streams) {
        C config;
        try {
            config = fromEnvironment.apply(System.getenv(), overrides);
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(commandLine, "invalid " + what + " setting: " + e.getMessage());
        }
        warn(commandLine, given, config, streams);
        return config;
    }

    /** Prints one warning line per unknown key on the command's error stream. */
    static void warn(CommandLine commandLine, Map<String, String> given, AbstractConfig config, boolean streams) {
        PrintWriter err = commandLine.getErr();
        for (String key : unknown(given, config, streams)) {
            err.println("tributary: warning: --config " + key + " is not a setting this command or Kafka knows "
                    + "(misspelt?); passed on as is");
        }
        err.flush();
    }
}
