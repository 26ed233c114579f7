package io.tributary.export.range;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs incremental exports on a {@link CronSchedule}, each into its own directory under a root, keeping the
 * newest {@code retention} runs:
 *
 * <pre>
 * &lt;root&gt;/20251122T080000Z/&lt;topic&gt;/...      one complete export per run, named by its scheduled time (UTC)
 * &lt;root&gt;/20251122T090000Z/&lt;topic&gt;/...      (each passes {@code tributary verify} on its own)
 * &lt;root&gt;/.partial-20251122T100000Z/       the run being written; deleted if it never completes
 * &lt;state file&gt;                           where the next run starts
 * </pre>
 *
 * A run writes into its {@code .partial-} directory, which is renamed to its final name once its files and
 * manifests are durable; only then is the state file replaced. Consecutive runs therefore hold consecutive
 * offsets: a run that fails, or is interrupted, is deleted and its range exported again by the next run. On
 * start, leftovers of an interrupted run are deleted, and the state is moved forward to the newest run's
 * manifests (a crash between the rename and the state write would otherwise export that range twice).
 *
 * <p>A run that takes longer than the interval skips the fire times it missed. A failed run is reported to the
 * {@link Listener} and the schedule goes on.
 *
 * <pre>{@code
 * ScheduledExport scheduled = ScheduledExport.builder()
 *         .schedule(CronSchedule.unix("0 * * * *", ZoneOffset.UTC))
 *         .root(Path.of("exports/hourly")).stateFile(Path.of("exports/hourly/export-state.json"))
 *         .retention(24)
 *         .job((dir, state) -> RangeExport.builder().kafkaSettings(kafka).out(dir).resumeFrom(state).build().run())
 *         .build();
 * scheduled.run();   // until scheduled.stop() from another thread
 * }</pre>
 */
public final class ScheduledExport {
    /** One export run: writes an export of everything after {@code state} into {@code dir}. */
    @FunctionalInterface
    public interface Job {
        /**
         * @param dir the empty directory to export into
         * @param state where the previous run stopped
         * @return the result, whose {@link RangeExportResult#nextState()} the next run starts from
         */
        RangeExportResult run(Path dir, ExportState state);
    }

    /** Waits for the next fire time; tests substitute one that moves a clock instead of waiting. */
    @FunctionalInterface
    public interface Waiter {
        /**
         * Returns at {@code deadline}, or earlier when the schedule is stopped.
         *
         * @return true when the deadline was reached, false when stopped
         */
        boolean awaitUntil(Instant deadline) throws InterruptedException;
    }

    /** Hears about runs. Called on the thread of {@link #run()}. */
    public interface Listener {
        /** The next run is due at {@code t}. */
        default void scheduled(Instant t) {
        }

        /** A run completed into {@code dir}. */
        default void completed(Path dir, RangeExportResult result) {
        }

        /** The run scheduled at {@code t} failed; its partial output was deleted. */
        default void failed(Instant t, RuntimeException error) {
        }

        /** A run directory was deleted by retention. */
        default void deleted(Path dir) {
        }
    }

    private final CronSchedule schedule;
    private final ExportDirectories dirs;
    private final Path root;
    private final Path stateFile;
    private final int retention;
    private final Job job;
    private final Clock clock;
    private final Waiter waiter;
    private final Listener listener;
    private final Object lock = new Object();
    private boolean stopped;

    private ScheduledExport(Builder b) {
        this.schedule = b.schedule;
        this.root = b.root;
        this.dirs = new ExportDirectories(b.root);
        this.stateFile = b.stateFile != null ? b.stateFile : b.root.resolve("export-state.json");
        this.retention = b.retention;
        this.job = b.job;
        this.clock = b.clock;
        this.waiter = b.waiter != null ? b.waiter : this::sleepUntil;
        this.listener = b.listener;
    }

    /** A builder; schedule, root, retention and job are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs exports at every fire time of the schedule until {@link #stop()}.
     *
     * @throws RangeExportException when the root or the state file cannot be read or written
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public void run() throws InterruptedException {
        ExportState state = recover();
        Optional<Instant> next = schedule.nextAfter(clock.instant());
        while (next.isPresent() && !isStopped()) {
            listener.scheduled(next.get());
            if (!waiter.awaitUntil(next.get()) || isStopped()) {
                return;
            }
            state = runOnce(next.get(), state);
            Instant now = clock.instant();
            next = schedule.nextAfter(now.isAfter(next.get()) ? now : next.get());
        }
    }

    /** Makes {@link #run()} return after the run in progress, if any; the caller cancels that run if it wants. */
    public void stop() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
    }

    /** Whether {@link #stop()} was called. */
    public boolean isStopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    /** The state file. */
    public Path stateFile() {
        return stateFile;
    }

    /** Runs one export now, named by {@code scheduledAt}, and applies retention; returns the new state. */
    ExportState runOnce(Instant scheduledAt, ExportState state) {
        String name;
        try {
            Files.createDirectories(root);
            name = dirs.nameFor(scheduledAt);
            Files.createDirectories(dirs.partial(name));
        } catch (IOException e) {
            throw new RangeExportException("cannot create a run directory under " + root + ": " + e, e);
        }
        RangeExportResult result;
        Path dir;
        try {
            result = job.run(dirs.partial(name), state);
            dir = dirs.complete(name);
        } catch (RuntimeException | IOException e) {
            deleteQuietly(dirs.partial(name));
            listener.failed(scheduledAt, e instanceof RuntimeException r ? r
                    : new RangeExportException("cannot complete run " + name + ": " + e, e));
            return state;
        }
        ExportState next = state.advancedTo(result.nextState());
        next.write(stateFile, clock.instant());
        listener.completed(dir, result.withOutDir(dir));
        try {
            dirs.retain(retention).forEach(listener::deleted);
        } catch (IOException e) {
            listener.failed(scheduledAt, new RangeExportException("retention: cannot delete an old run: " + e, e));
        }
        return next;
    }

    private ExportState recover() {
        try {
            dirs.deletePartials();
            ExportState state = ExportState.load(stateFile);
            Optional<Path> newest = dirs.newest();
            if (newest.isPresent()) {
                ExportState recovered = state.advancedTo(ExportState.fromManifests(newest.get()));
                if (!recovered.equals(state)) {
                    recovered.write(stateFile, clock.instant());
                    state = recovered;
                }
            }
            return state;
        } catch (IOException e) {
            throw new RangeExportException("cannot read " + root + ": " + e, e);
        }
    }

    private boolean sleepUntil(Instant deadline) throws InterruptedException {
        synchronized (lock) {
            while (!stopped) {
                long ms = Duration.between(clock.instant(), deadline).toMillis();
                if (ms <= 0) {
                    return true;
                }
                // Re-reads the clock at least every second, so a suspended laptop or a clock change is noticed.
                lock.wait(Math.min(ms, 1000));
            }
            return false;
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            ExportDirectories.deleteTree(dir);
        } catch (IOException ignored) {
            // deleted on the next start at the latest
        }
    }

    /** Runs of the export directory, oldest first (visible for tests and tools). */
    public List<Path> completedRuns() {
        try {
            return dirs.completed();
        } catch (IOException e) {
            throw new RangeExportException("cannot list " + root + ": " + e, e);
        }
    }

    /** Options of a {@link ScheduledExport}. */
    public static final class Builder {
        private CronSchedule schedule;
        private Path root;
        private Path stateFile;
        private int retention = -1;
        private Job job;
        private Clock clock = Clock.systemUTC();
        private Waiter waiter;
        private Listener listener = new Listener() {
        };

        private Builder() {
        }

        /** When runs happen. Required. */
        public Builder schedule(CronSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** The directory holding the run directories. Required. */
        public Builder root(Path root) {
            this.root = root.toAbsolutePath().normalize();
            return this;
        }

        /** The incremental state file (default {@code <root>/export-state.json}). */
        public Builder stateFile(Path stateFile) {
            this.stateFile = stateFile.toAbsolutePath().normalize();
            return this;
        }

        /** How many completed runs to keep, at least 1; older ones are deleted after each run. Required. */
        public Builder retention(int retention) {
            if (retention < 1) {
                throw new IllegalArgumentException("retention must be at least 1, got " + retention);
            }
            this.retention = retention;
            return this;
        }

        /** The export of one run. Required. */
        public Builder job(Job job) {
            this.job = Objects.requireNonNull(job, "job");
            return this;
        }

        /** Time source of the schedule (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How to wait for fire times (default: sleep on the clock, waking on {@link #stop()}). */
        public Builder waiter(Waiter waiter) {
            this.waiter = Objects.requireNonNull(waiter, "waiter");
            return this;
        }

        /** Hears about runs (default: nothing). */
        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The scheduled export.
         *
         * @throws IllegalArgumentException when a required option is missing
         */
        public ScheduledExport build() {
            if (schedule == null || root == null || job == null || retention < 1) {
                throw new IllegalArgumentException("schedule, root, retention and job are required");
            }
            return new ScheduledExport(this);
        }
    }
}
