package io.tributary.cli;

import io.tributary.schema.kafka.Topics;
import io.tributary.sdk.TributaryClient;
import io.tributary.sdk.TributaryClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options every command that talks to Kafka shares. */
final class KafkaOptions {
    static final String BOOTSTRAP_ENV = "TRIBUTARY_BOOTSTRAP_SERVERS";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: $TRIBUTARY_BOOTSTRAP_SERVERS, else bootstrap.servers "
                    + "of --kafka-config or --kafka-config-file, else 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting, e.g. security.protocol=SASL_SSL (repeatable).")
    Map<String, String> kafkaConfig = new LinkedHashMap<>();

    @Option(names = "--kafka-config-file", paramLabel = "FILE",
            description = "A properties file of Kafka client settings; --kafka-config entries win.")
    Path kafkaConfigFile;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Topics.DEFAULT_PREFIX,
            description = "Prefix of Tributary's topic names (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    /**
     * The bootstrap servers: {@code --bootstrap-servers}, else {@code $TRIBUTARY_BOOTSTRAP_SERVERS}, else
     * {@code bootstrap.servers} from {@code --kafka-config} or {@code --kafka-config-file} ({@code configured}),
     * else 127.0.0.1:9092.
     */
    private String bootstrap(Map<String, Object> configured) {
        if (bootstrapServers != null) {
            return bootstrapServers;
        }
        String env = System.getenv(BOOTSTRAP_ENV);
        if (env != null && !env.isBlank()) {
            return env;
        }
        Object value = configured.get("bootstrap.servers");
        return value != null && !value.toString().isBlank() ? value.toString() : "127.0.0.1:9092";
    }

    Topics topics() {
        return Topics.withPrefix(topicPrefix);
    }

    /** Client settings: the file, then --kafka-config, then the bootstrap servers ({@link #bootstrap}). */
    Map<String, Object> clientSettings(CommandLine commandLine) {
        Map<String, Object> settings = configured(commandLine);
        settings.put("bootstrap.servers", bootstrap(settings));
        return settings;
    }

    /** An SDK client builder for {@code service} with these options: bootstrap servers, prefix, client settings. */
    TributaryClientBuilder sdkClient(CommandLine commandLine, String service) {
        Map<String, Object> settings = clientSettings(commandLine);
        TributaryClientBuilder builder = TributaryClient.builder()
                .bootstrapServers(settings.get("bootstrap.servers").toString()).service(service)
                .topicPrefix(topicPrefix);
        settings.forEach(builder::kafkaProperty);
        return builder;
    }

    /** The settings of --kafka-config-file, then --kafka-config (which win). */
    private Map<String, Object> configured(CommandLine commandLine) {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (kafkaConfigFile != null) {
            Properties file = new Properties();
            try (InputStream in = Files.newInputStream(kafkaConfigFile)) {
                file.load(in);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(commandLine,
                        "--kafka-config-file: cannot read " + kafkaConfigFile + ": " + e.getMessage());
            }
            file.forEach((k, v) -> settings.put(k.toString(), v.toString()));
        }
        settings.putAll(kafkaConfig);
        return settings;
    }
}
