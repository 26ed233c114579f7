package io.tributary.cli;

import io.tributary.console.Access;
import io.tributary.console.Console;
import io.tributary.console.ConsoleRoutes;
import io.tributary.console.ConsoleSettings;
import io.tributary.console.watch.ComponentMetrics;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.file.FileExportConfig;
import io.tributary.export.file.FileExportWorker;
import io.tributary.export.storage.LocalStorage;
import io.tributary.processor.ProcessorConfig;
import io.tributary.processor.StreamProcessor;
import io.tributary.runtime.config.Durations;
import io.tributary.sdk.TributaryClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        Console console = null;
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
            console = serveConsole(kafka, metrics, services, processorConfig, exportConfig, exports, out);
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
        } finally {
            if (console != null) {
                console.close();
            }
        }
        out.println("Stopped. Data kept in " + dataDir + "; run tributary dev again to resume.");
        out.flush();
    }

    /**
     * Serves the console on the metrics port and prints its URL; returns it started, or null (and says why)
     * when the metrics server is off, or bound beyond loopback without {@value ConsoleCommand#TOKEN_ENV}.
     */
    private Console serveConsole(KafkaOptions kafka, MetricsServer metrics, ServiceGroup services,
            ProcessorConfig processorConfig, FileExportConfig exportConfig, Path exports, PrintWriter out) {
        if (metricsPort == 0) {
            return null;
        }
        Access access;
        try {
            access = Access.forBind(metricsEndpoint.bind, Optional.ofNullable(System.getenv(ConsoleCommand.TOKEN_ENV)));
        } catch (IllegalArgumentException e) {
            out.println("The web console is off: " + e.getMessage());
            return null;
        }
        Map<String, String> groups = ConsoleSettings.defaultGroups();
        groups.put(ConsoleSettings.PROCESSOR, processorConfig.getString(ProcessorConfig.APPLICATION_ID));
        groups.put(ConsoleSettings.FILE_EXPORTER, exportConfig.getString(FileExportConfig.GROUP_ID));
        Console console = new Console(new ConsoleSettings(kafka.clientSettings(spec.commandLine()), kafka.topics(),
                groups, Optional.of(LocalStorage.create(exports)),
                List.of(new ComponentMetrics.Source("dev", metrics.registry()::scrape, () -> services.health().toString())),
                ConsoleSettings.DEFAULT_HISTORY));
        metrics.serve(new ConsoleRoutes(console, access));
        console.start();
        out.println("Console: " + metrics.url() + ConsoleRoutes.BASE + "/");
        return console;
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
