package io.tributary.cli;

import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.file.FileExportConfig;
import io.tributary.export.file.FileExportWorker;
import io.tributary.processor.ProcessorConfig;
import io.tributary.processor.StreamProcessor;
import io.tributary.runtime.config.Durations;
import io.tributary.sdk.TributaryClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary dev}: the whole platform on this machine. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = {"Run the whole platform on this machine until Ctrl-C.",
            "An embedded Kafka broker, the stream processor, the file export worker and demo load. Starting again "
                + "resumes on the existing data."})
final class DevCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "tributary-data",
            description = "Broker data, processor state and exports go here (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "9092", description = "Broker port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--rate", defaultValue = "200", description = "Demo events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--no-demo", description = "Do not generate demo load.")
    boolean noDemo;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of each topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--status-interval", defaultValue = "1s",
            description = "How often the status line refreshes (default: ${DEFAULT-VALUE}).", converter = DurationConverter.class)
    Duration statusInterval;

    @Option(names = "--format", description = "Export format: ndjson, json, csv, avro or parquet (default: ndjson).")
    String format;

    @Option(names = "--metrics-port", defaultValue = "9400",
            description = "Port of /metrics (Prometheus), /health and /ready; 0 turns them off (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Mixin
    MetricsEndpoint metricsEndpoint;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rate <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be positive, got " + rate);
        }
        PrintWriter out = spec.commandLine().getOut();
        Shutdown shutdown = Shutdown.onSignal();
        KafkaOptions kafka = new KafkaOptions();
        kafka.topicPrefix = io.tributary.schema.kafka.Topics.DEFAULT_PREFIX;
        kafka.bootstrapServers = "127.0.0.1:" + port;
        try (EmbeddedKafkaCluster broker = LocalBroker.start(spec.commandLine(), dataDir.resolve("kafka"), port, 1)) {
            out.println("Kafka is listening on " + broker.bootstrapServers() + ". Produce JSON events to "
                    + kafka.topics().raw() + ", e.g.:");
            out.println("  echo '{\"type\":\"custom\",\"name\":\"hello\",\"ts_ns\":" + System.currentTimeMillis()
                    + "000000}' | kcat -P -b " + broker.bootstrapServers() + " -t " + kafka.topics().raw());
            out.flush();
            run(kafka, out, shutdown);
        } finally {
            shutdown.done();
        }
        return 0;
    }

    private void run(KafkaOptions kafka, PrintWriter out, Shutdown shutdown) throws Exception {
        Map<String, String> processorSettings = new LinkedHashMap<>();
        processorSettings.put(ProcessorConfig.STATE_DIR, dataDir.resolve("state").toString());
        processorSettings.put(ProcessorConfig.TOPIC_PARTITIONS, String.valueOf(partitions));
        processorSettings.put(ProcessorConfig.COMMIT_INTERVAL_MS, "1000");
        ProcessorConfig processorConfig = ComponentSettings.processor(kafka, spec.commandLine(), processorSettings);
        Map<String, String> exportSettings = new LinkedHashMap<>();
        exportSettings.put(FileExportConfig.ROTATE_AGE_MS, "10000");
        if (format != null) {
            exportSettings.put(FileExportConfig.FORMAT, format);
        }
        Path exports = dataDir.resolve("exports");
        FileExportConfig exportConfig = ComponentSettings.fileExport(kafka, spec.commandLine(), exports, exportSettings);
        ServiceGroup services = new ServiceGroup();
        try (MetricsServer metrics = new MetricsServer(metricsEndpoint.bind, metricsPort, services);
             services;
             TributaryClient client = noDemo ? null : kafka.sdkClient(spec.commandLine(), "demo-shop").build();
             Admin admin = Admin.create(kafka.clientSettings(spec.commandLine()))) {
            services.add(StreamProcessor.create(processorConfig, metrics.registry()));
            services.add(FileExportWorker.create(exportConfig, metrics.registry()));
            services.start();
            if (client != null) {
                new io.tributary.sdk.MicrometerBinder(client).bindTo(metrics.registry());
            }
            DemoLoad demo = null;
            if (client != null) {
                demo = new DemoLoad(client, rate, 0);
                Thread loader = new Thread(demo, "tributary-demo-load");
                loader.setDaemon(true);
                loader.start();
            }
            out.println("Processor, export worker" + (demo != null ? " and demo load (" + rate + " events/s)" : "")
                    + " running. Files go to " + exports + ". Ctrl-C stops everything.");
            StatusLine status = new StatusLine(admin, kafka.topics(), partitions,
                    processorConfig.getString(ProcessorConfig.APPLICATION_ID),
                    exportConfig.getString(FileExportConfig.GROUP_ID), exports, client);
            boolean tty = System.console() != null;
            while (!shutdown.await(statusInterval.toMillis())) {
                out.print(tty ? "\r\033[2K" + status.render() : status.render() + "\n");
                out.flush();
            }
            out.println();
            out.println("Stopping...");
            out.flush();
            if (demo != null) {
                demo.stop();
                client.flush(Duration.ofSeconds(5));
            }
        }
        out.println("Stopped. Data kept in " + dataDir + "; run tributary dev again to resume.");
        out.flush();
    }

    /** Parses a positive duration of {@link Durations}' grammar: 500ms, 1s, 2m, PT1M. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parsePositive(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
