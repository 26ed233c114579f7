package io.tributary.cli;

import io.tributary.export.file.FileExportConfig;
import io.tributary.export.file.FileExportWorker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary export ...}. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export events to files or HTTP.",
        subcommands = {ExportCommand.Files.class, ExportHttpCommand.class, ExportRangeCommand.class,
            ExportScheduleCommand.class})
final class ExportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a subcommand, e.g. files");
    }

    @Command(name = "files", mixinStandardHelpOptions = true,
            description = {"Run the file export worker until Ctrl-C: exactly-once files with manifests.",
                "Settings: --config KEY=VALUE or TRIBUTARY_<KEY> environment variables (e.g. export.format=parquet)."})
    static final class Files implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "tributary-data/exports",
                description = "Export directory, or s3://bucket/prefix (export.s3.* settings; credentials from the AWS default chain) (default: ${DEFAULT-VALUE}).")
        String out;

        @Option(names = "--format", description = "ndjson, json, csv, avro or parquet (default: ndjson).")
        String format;

        @Option(names = "--compression", description = "zstd, gzip or none (default: zstd).")
        String compression;

        @Option(names = "--config", paramLabel = "KEY=VALUE", description = "An export setting (repeatable).")
        Map<String, String> config = new LinkedHashMap<>();

        @Option(names = "--metrics-port", defaultValue = "9402",
                description = "Port of /metrics (Prometheus), /health and /ready; 0 turns them off (default: ${DEFAULT-VALUE}).")
        int metricsPort;

    @Mixin
    MetricsEndpoint metricsEndpoint;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> settings = new LinkedHashMap<>(config);
            if (format != null) {
                settings.put(FileExportConfig.FORMAT, format);
            }
            if (compression != null) {
                settings.put(FileExportConfig.COMPRESSION, compression);
            }
            FileExportConfig exportConfig = ComponentSettings.fileExport(kafka, spec.commandLine(), out, settings);
            ServiceGroup.runUntilSignal(metricsEndpoint.bind, metricsPort, registry -> List.of(FileExportWorker.create(exportConfig, registry)),
                    () -> spec.commandLine().getOut().println("Exporting to " + out + ". Ctrl-C stops it."));
            return 0;
        }
    }
}
