package io.tributary.cli;

import io.tributary.processor.ProcessorConfig;
import io.tributary.processor.StreamProcessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary process}: the stream processor against any cluster. */
@Command(name = "process", mixinStandardHelpOptions = true,
        description = {"Run the stream processor (validate, aggregate, summarise sessions, sample) until Ctrl-C.",
            "Settings: --config KEY=VALUE or TRIBUTARY_<KEY> environment variables (e.g. metrics.windows=1m,5m)."})
final class ProcessCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "A processor setting (repeatable).")
    Map<String, String> config = new LinkedHashMap<>();

    @Option(names = "--metrics-port", defaultValue = "9401",
            description = "Port of /metrics (Prometheus), /health and /ready; 0 turns them off (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Mixin
    MetricsEndpoint metricsEndpoint;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ProcessorConfig processorConfig = ComponentSettings.processor(kafka, spec.commandLine(), config);
        ServiceGroup.runUntilSignal(metricsEndpoint.bind, metricsPort, registry -> List.of(StreamProcessor.create(processorConfig, registry)),
                () -> spec.commandLine().getOut().println("Processing " + kafka.topics().raw() + " on "
                        + processorConfig.getString(ProcessorConfig.BOOTSTRAP_SERVERS) + ". Ctrl-C stops it."));
        return 0;
    }
}
