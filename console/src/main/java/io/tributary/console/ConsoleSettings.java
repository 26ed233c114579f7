package io.tributary.console;

import io.tributary.console.watch.ComponentMetrics;
import io.tributary.export.file.FileExportConfig;
import io.tributary.export.http.HttpExportConfig;
import io.tributary.export.storage.Storage;
import io.tributary.processor.ProcessorConfig;
import io.tributary.schema.kafka.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a console watches.
 *
 * @param clientSettings Kafka client settings (bootstrap servers, security); no group id
 * @param topics the platform's topic names
 * @param groups consumer group id by role ({@link #PROCESSOR}, {@link #FILE_EXPORTER}, {@link #HTTP_EXPORTER})
 * @param exports where the file exporter writes, for the ledger and verify; empty when unknown
 * @param components the components' metrics and health
 * @param history how far back the console reads the topics when it starts (the flow view's totals count from
 *                then on)
 */
public record ConsoleSettings(Map<String, Object> clientSettings, Topics topics, Map<String, String> groups,
        Optional<Storage> exports, List<ComponentMetrics.Source> components, Duration history) {
    public static final String PROCESSOR = "processor";
    public static final String FILE_EXPORTER = "file exporter";
    public static final String HTTP_EXPORTER = "HTTP exporter";
    /** The default of {@code history}: the span of the flow view's sparklines. */
    public static final Duration DEFAULT_HISTORY = Duration.ofMinutes(15);

    public ConsoleSettings {
        clientSettings = Map.copyOf(clientSettings);
        groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        components = List.copyOf(components);
        if (history.isNegative()) {
            throw new IllegalArgumentException("history must not be negative, got " + history);
        }
    }

    /** The groups of the components with their default group ids, as their own configurations define them. */
    public static Map<String, String> defaultGroups() {
        Map<String, String> groups = new LinkedHashMap<>();
        groups.put(PROCESSOR, (String) ProcessorConfig.CONFIG.defaultValues().get(ProcessorConfig.APPLICATION_ID));
        groups.put(FILE_EXPORTER, (String) FileExportConfig.CONFIG.defaultValues().get(FileExportConfig.GROUP_ID));
        groups.put(HTTP_EXPORTER, (String) HttpExportConfig.CONFIG.defaultValues().get(HttpExportConfig.GROUP_ID));
        return groups;
    }

    /** The bootstrap servers, as a kcat command line wants them. */
    public String bootstrapServers() {
        return String.valueOf(clientSettings.getOrDefault("bootstrap.servers", "127.0.0.1:9092"));
    }
}
