package io.tributary.cli;

import io.tributary.export.http.HttpExportConfig;
import io.tributary.export.http.HttpExportWorker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary export http}: forward batches to an HTTP endpoint. */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = {"Forward events in batches to an HTTP endpoint until Ctrl-C.",
            "NDJSON bodies, retries with backoff and Retry-After, Idempotency-Key per batch, rejected events to the "
                + "DLQ, nothing lost.",
            "The bearer token comes from TRIBUTARY_HTTP_TOKEN or --token-file, never from a flag.",
            "Settings: --config KEY=VALUE or TRIBUTARY_<KEY> environment variables (e.g. http.batch.events=500)."})
final class ExportHttpCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--endpoint", required = true, paramLabel = "URL", description = "Where batches are POSTed (https unless --allow-insecure).")
    String endpoint;

    @Option(names = "--allow-insecure", description = "Allow a plain http:// endpoint.")
    boolean allowInsecure;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the bearer token (re-read when it changes).")
    Path tokenFile;

    @Option(names = "--compression", description = "gzip (default), zstd or none.")
    String compression;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "An HTTP export setting (repeatable).")
    Map<String, String> config = new LinkedHashMap<>();

    @Option(names = "--metrics-port", defaultValue = "9403",
            description = "Port of /metrics (Prometheus), /health and /ready; 0 turns them off (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Mixin
    MetricsEndpoint metricsEndpoint;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HttpExportConfig httpConfig = httpConfig();
        ServiceGroup.runUntilSignal(metricsEndpoint.bind, metricsPort, registry -> List.of(HttpExportWorker.create(httpConfig, registry)),
                () -> spec.commandLine().getOut().println("Forwarding " + kafka.topics().sampled() + " to "
                        + endpoint + ". Ctrl-C stops it."));
        return 0;
    }

    private HttpExportConfig httpConfig() {
        Map<String, Object> overrides = new LinkedHashMap<>(kafka.clientSettings(spec.commandLine()));
        overrides.put(HttpExportConfig.TOPIC_PREFIX, kafka.topicPrefix);
        overrides.put(HttpExportConfig.ENDPOINT, endpoint);
        overrides.put(HttpExportConfig.ALLOW_INSECURE, String.valueOf(allowInsecure));
        if (tokenFile != null) {
            overrides.put(HttpExportConfig.TOKEN_FILE, tokenFile.toString());
        }
        if (compression != null) {
            overrides.put(HttpExportConfig.COMPRESSION, compression);
        }
        overrides.putAll(config);
        return ComponentSettings.build(spec.commandLine(), "HTTP export", overrides,
                HttpExportConfig::fromEnvironment, false);
    }
}
