package io.tributary.cli;

import io.tributary.export.range.CronSchedule;
import io.tributary.export.range.ExportState;
import io.tributary.export.range.RangeExport;
import io.tributary.export.range.RangeExportResult;
import io.tributary.export.range.ScheduledExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary export schedule}: incremental exports on a cron schedule, keeping the last N. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Run incremental exports on a cron schedule until Ctrl-C.",
            "Each run goes into DIR/<yyyyMMddTHHmmssZ>/, and the newest --retention runs are kept. Each run "
                + "directory passes `tributary verify` on its own.",
            "Cron syntax is Unix: five fields, minute hour day-of-month month day-of-week, e.g. '0 * * * *' "
                + "(hourly) or '*/15 * * * *'; evaluated in --time-zone.",
            "Example: tributary export schedule --cron '0 * * * *' --retention 24 --out exports/hourly"})
final class ExportScheduleCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    ExportRangeOptions range;

    @Option(names = "--cron", paramLabel = "EXPR", required = true,
            description = "When to export, Unix cron syntax (5 fields), e.g. '0 * * * *'.")
    String cron;

    @Option(names = "--retention", paramLabel = "N", required = true,
            description = "How many completed exports to keep; older ones are deleted.")
    int retention;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory of the run directories.")
    Path out;

    @Option(names = "--state", paramLabel = "FILE",
            description = "Incremental state file (default: DIR/export-state.json).")
    Path state;

    @Option(names = "--time-zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Time zone the cron expression is read in, e.g. Europe/Paris (default: ${DEFAULT-VALUE}).")
    String timeZone;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        CommandLine cli = spec.commandLine();
        if (out.toString().startsWith("s3:")) {
            throw new CommandLine.ParameterException(cli, "scheduled exports are local only (each run is completed "
                    + "by renaming its directory); for S3 use 'export range --incremental --out s3://...' from cron");
        }
        ScheduledExport.Builder scheduled = ScheduledExport.builder().root(out);
        try {
            scheduled.schedule(CronSchedule.unix(cron, ZoneId.of(timeZone)));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new CommandLine.ParameterException(cli, "--cron '" + cron + "' / --time-zone '" + timeZone + "': "
                    + e.getMessage());
        }
        try {
            scheduled.retention(retention);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--retention: " + e.getMessage());
        }
        if (state != null) {
            scheduled.stateFile(state);
        }
        // Checks every option now, so a bad one fails at start rather than at the first run.
        try {
            range.builder(kafka, cli, Instant.now()).out(out).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        AtomicReference<RangeExport> current = new AtomicReference<>();
        PrintWriter o = cli.getOut();
        ScheduledExport export = scheduled.job((dir, previous) -> runOnce(cli, dir, previous, current))
                .listener(new Printer(o, cli.getErr())).build();

        Shutdown shutdown = Shutdown.onSignal();
        Thread stopper = new Thread(() -> {
            try {
                shutdown.await();
                export.stop();
                RangeExport running = current.get();
                if (running != null) {
                    running.cancel();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tributary-schedule-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            o.println("Exporting on " + CronSchedule.unix(cron, ZoneId.of(timeZone)) + " into " + out
                    + ", keeping " + retention + " runs; state in " + export.stateFile() + ". Ctrl-C stops.");
            o.flush();
            export.run();
            return 0;
        } finally {
            stopper.interrupt();
            shutdown.done();
        }
    }

    private RangeExportResult runOnce(CommandLine cli, Path dir, ExportState previous,
            AtomicReference<RangeExport> current) {
        // Relative --from/--to are resolved at each run; the state makes every run start after the last one.
        RangeExport export = range.builder(kafka, cli, Instant.now()).out(dir).resumeFrom(previous).build();
        current.set(export);
        try {
            return export.run();
        } finally {
            current.set(null);
        }
    }

    /** Prints one line per event of the schedule. */
    private static final class Printer implements ScheduledExport.Listener {
        private final PrintWriter out;
        private final PrintWriter err;

        Printer(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void scheduled(Instant t) {
            out.println("Next export at " + t);
            out.flush();
        }

        @Override
        public void completed(Path dir, RangeExportResult result) {
            out.println(dir.getFileName() + ": " + result.summary());
            out.flush();
        }

        @Override
        public void failed(Instant t, RuntimeException error) {
            err.println("tributary: export scheduled at " + t + " failed, retrying at the next time: "
                    + TributaryCli.describe(error));
            err.flush();
        }

        @Override
        public void deleted(Path dir) {
            out.println("Deleted old export " + dir.getFileName() + " (retention)");
            out.flush();
        }
    }
}
