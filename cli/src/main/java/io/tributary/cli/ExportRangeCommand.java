package io.tributary.cli;

import io.tributary.export.file.FileExportConfig;
import io.tributary.export.range.RangeExport;
import io.tributary.export.range.RangeExportBuilder;
import io.tributary.export.range.RangeExportResult;
import io.tributary.export.storage.s3.S3Location;
import io.tributary.export.storage.s3.S3Storage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary export range}: a historical export by time, type, category and session. */
@Command(name = "range", mixinStandardHelpOptions = true,
        description = {"Export the events of a time range into files with manifests, then stop.",
            "Events of chosen types, categories and sessions only, if asked; files with manifests and SHA-256 "
                + "checksums like the export worker's, which `tributary verify DIR` checks.",
            "With --incremental --state FILE, continue exactly after the previous run: no gap, no overlap.",
            "Example: tributary export range --from -1h --type exception --out exports/errors"})
final class ExportRangeCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    ExportRangeOptions range;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Export directory or s3://bucket/prefix (export.s3.* from TRIBUTARY_EXPORT_S3_* variables); "
                    + "<topic>/dt=.../hour=.../ files and <topic>/_manifests go below it.")
    String out;

    @Option(names = "--incremental",
            description = "Start where the previous run recorded in --state stopped (a missing file: at --from, "
                    + "else the beginning), end at the current end, then record where this run stopped.")
    boolean incremental;

    @Option(names = "--state", paramLabel = "FILE", description = "State file of --incremental.")
    Path state;

    @Option(names = "--no-progress", negatable = false, description = "No progress bar (shown on a terminal only).")
    boolean noProgress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        if (incremental && state == null) {
            throw new CommandLine.ParameterException(cli, "--incremental needs --state FILE");
        }
        if (state != null && !incremental) {
            throw new CommandLine.ParameterException(cli, "--state is only used with --incremental");
        }
        S3Storage s3 = S3Location.isS3(out) ? S3Storage.create(FileExportConfig.fromEnvironment(System.getenv(),
                Map.of(FileExportConfig.EXPORT_DIR, out)).s3Settings().orElseThrow()) : null;
        try {
            return run(cli, s3);
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    private int run(CommandLine cli, S3Storage s3) {
        RangeExportBuilder builder = range.builder(kafka, cli, Instant.now())
                .progress(ExportProgressBar.forTerminal(!noProgress, "export"));
        if (s3 != null) {
            builder.out(s3);
        } else {
            builder.out(Path.of(out));
        }
        if (incremental) {
            builder.stateFile(state);
        }
        RangeExport export;
        try {
            export = builder.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        Shutdown shutdown = Shutdown.onSignal();
        Thread canceller = new Thread(() -> {
            try {
                shutdown.await();
                export.cancel();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tributary-export-cancel");
        canceller.setDaemon(true);
        canceller.start();
        try {
            RangeExportResult result = export.run();
            PrintWriter o = cli.getOut();
            o.println(capitalised(result.summary()));
            if (result.stateWritten()) {
                o.println("State: " + state + " (the next --incremental run starts there)");
            }
            o.flush();
            return 0;
        } finally {
            canceller.interrupt();
            shutdown.done();
        }
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
