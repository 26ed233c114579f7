package io.tributary.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.processor.ProcessorConfig;
import io.tributary.processor.StreamProcessor;
import java.time.Duration;
import java.util.LinkedHashMap;
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
            description = "Port of /metrics (Prometheus) and /health on 127.0.0.1; 0 turns them off (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ProcessorConfig processorConfig = processorConfig(kafka, spec.commandLine(), config);
        Shutdown shutdown = Shutdown.onSignal();
        StreamProcessor[] running = new StreamProcessor[1];
        try (MetricsServer metrics = new MetricsServer("127.0.0.1", metricsPort, () -> health(running[0]));
             StreamProcessor processor = start(processorConfig, metrics.registry())) {
            running[0] = processor;
            spec.commandLine().getOut().println("Processing " + kafka.topics().raw() + " on "
                    + processorConfig.getString(ProcessorConfig.BOOTSTRAP_SERVERS) + ". Ctrl-C stops it.");
            shutdown.await();
            processor.close(Duration.ofSeconds(30));
        } finally {
            shutdown.done();
        }
        return 0;
    }

    static ProcessorConfig processorConfig(KafkaOptions kafka, CommandLine commandLine, Map<String, String> config) {
        Map<String, Object> overrides = new LinkedHashMap<>(kafka.clientSettings(commandLine));
        overrides.put(ProcessorConfig.TOPIC_PREFIX, kafka.topicPrefix);
        overrides.putAll(config);
        return ComponentSettings.build(commandLine, "processor", config, overrides, ProcessorConfig::fromEnvironment,
                true);
    }

    /** Null when the processor is running or rebalancing, else its state. */
    static String health(StreamProcessor processor) {
        if (processor == null) {
            return "starting";
        }
        var state = processor.state();
        return state == org.apache.kafka.streams.KafkaStreams.State.RUNNING
                || state == org.apache.kafka.streams.KafkaStreams.State.REBALANCING ? null : "processor " + state;
    }

    static StreamProcessor start(ProcessorConfig config, MeterRegistry registry) {
        StreamProcessor processor = StreamProcessor.create(config, registry);
        processor.start();
        return processor;
    }
}
