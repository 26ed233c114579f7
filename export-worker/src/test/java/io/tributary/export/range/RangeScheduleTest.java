package io.tributary.export.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.export.file.Manifest;
import io.tributary.export.file.ManifestJson;
import io.tributary.export.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduling logic with a hand-moved clock: fire times, run directories, retention, state, failures. */
class RangeScheduleTest {
    static final TopicPartition TP = new TopicPartition("t.events.sampled", 0);

    @TempDir
    Path root;

    final MutableClock clock = new MutableClock(Instant.parse("2025-11-22T10:02:00Z"));
    final List<Instant> fired = new ArrayList<>();
    final List<ExportState> seen = new ArrayList<>();
    final List<Path> deleted = new ArrayList<>();
    final List<RuntimeException> failures = new ArrayList<>();

    /** A waiter that jumps the clock to each deadline and stops after {@code runs} fire times. */
    ScheduledExport.Waiter jumpingWaiter(int runs) {
        return deadline -> {
            if (fired.size() >= runs) {
                return false;
            }
            clock.advance(Duration.between(clock.instant(), deadline));
            fired.add(deadline);
            return true;
        };
    }

    /** A job that exports "10 more offsets" and writes one file into its directory. */
    RangeExportResult tenMore(Path dir, ExportState state) {
        seen.add(state);
        try {
            Files.writeString(dir.resolve("data.txt"), "run at " + clock.instant());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        long next = state.nextOffset(TP).orElse(0) + 10;
        return new RangeExportResult(dir, List.of(), ExportState.of(Map.of(TP, next)), false, 0, 0);
    }

    ScheduledExport.Builder builder(String cron, int retention, int runs) {
        return ScheduledExport.builder().schedule(CronSchedule.unix(cron, ZoneOffset.UTC)).root(root)
                .retention(retention).clock(clock).waiter(jumpingWaiter(runs))
                .listener(new ScheduledExport.Listener() {
                    @Override
                    public void deleted(Path dir) {
                        deleted.add(dir);
                    }

                    @Override
                    public void failed(Instant t, RuntimeException error) {
                        failures.add(error);
                    }
                });
    }

    @Test
    void runsAtEachFireTimeIntoTimestampedDirectoriesKeepingTheLastN() throws Exception {
        ScheduledExport scheduled = builder("*/15 * * * *", 2, 4).job(this::tenMore).build();
        scheduled.run();

        assertThat(fired).containsExactly(Instant.parse("2025-11-22T10:15:00Z"),
                Instant.parse("2025-11-22T10:30:00Z"), Instant.parse("2025-11-22T10:45:00Z"),
                Instant.parse("2025-11-22T11:00:00Z"));
        assertThat(scheduled.completedRuns()).extracting(p -> p.getFileName().toString())
                .containsExactly("20251122T104500Z", "20251122T110000Z");
        assertThat(deleted).extracting(p -> p.getFileName().toString())
                .containsExactly("20251122T101500Z", "20251122T103000Z");
        assertThat(Files.readString(root.resolve("20251122T110000Z/data.txt")))
                .isEqualTo("run at 2025-11-22T11:00:00Z");
        // each run resumed exactly where the previous one stopped
        assertThat(seen).extracting(s -> s.nextOffset(TP).orElse(-1)).containsExactly(-1L, 10L, 20L, 30L);
        assertThat(ExportState.load(scheduled.stateFile()).nextOffset(TP)).hasValue(40);
        assertThat(scheduled.stateFile()).isEqualTo(root.resolve("export-state.json"));
    }

    @Test
    void aFailedRunLeavesNoDirectoryAndTheNextRunRetriesItsRange() throws Exception {
        ScheduledExport scheduled = builder("0 * * * *", 5, 3).job((dir, state) -> {
            if (seen.size() == 1) {
                seen.add(state);
                throw new RangeExportException("broker down");
            }
            return tenMore(dir, state);
        }).build();
        scheduled.run();

        assertThat(failures).extracting(Throwable::getMessage).containsExactly("broker down");
        assertThat(scheduled.completedRuns()).extracting(p -> p.getFileName().toString())
                .containsExactly("20251122T110000Z", "20251122T130000Z");
        assertThat(seen).extracting(s -> s.nextOffset(TP).orElse(-1)).containsExactly(-1L, 10L, 10L);
        assertThat(ExportState.load(scheduled.stateFile()).nextOffset(TP)).hasValue(20);
        try (var entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(".partial"));
        }
    }

    @Test
    void aRunLongerThanTheIntervalSkipsTheMissedFireTimes() throws Exception {
        ScheduledExport scheduled = builder("*/15 * * * *", 5, 2).job((dir, state) -> {
            clock.advance(Duration.ofMinutes(40));
            return tenMore(dir, state);
        }).build();
        scheduled.run();

        assertThat(fired).containsExactly(Instant.parse("2025-11-22T10:15:00Z"),
                Instant.parse("2025-11-22T11:00:00Z"));
    }

    @Test
    void onStartDeletesPartialRunsAndCatchesUpWithTheNewestRunsManifests() throws Exception {
        Files.createDirectories(root.resolve(".partial-20251122T090000Z/t.events.sampled"));
        Files.writeString(root.resolve(".partial-20251122T090000Z/t.events.sampled/x.ndjson"), "{}");
        // The newest run published offsets up to 24 but its state write never happened.
        Path run = root.resolve("20251122T080000Z/t.events.sampled/_manifests");
        Files.createDirectories(run);
        Manifest m = new Manifest(1, Instant.EPOCH, TP.topic(), 0, 10, 24, 0, null, "ndjson", "zstd", false, 15,
                0, Map.of(), List.of());
        Files.write(run.resolve(m.fileName()), ManifestJson.write(m));
        ExportState.of(Map.of(TP, 10L)).write(root.resolve("export-state.json"), Instant.EPOCH);

        builder("*/15 * * * *", 5, 1).job(this::tenMore).build().run();

        assertThat(root.resolve(".partial-20251122T090000Z")).doesNotExist();
        assertThat(seen).extracting(s -> s.nextOffset(TP).orElse(-1)).containsExactly(25L);
    }

    @Test
    void stopEndsTheWaitOfTheRealWaiter() throws Exception {
        ScheduledExport scheduled = ScheduledExport.builder()
                .schedule(CronSchedule.unix("0 0 1 1 *", ZoneOffset.UTC)).root(root).retention(1)
                .job(this::tenMore).build();
        Thread runner = new Thread(() -> {
            try {
                scheduled.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();
        scheduled.stop();
        runner.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(runner.isAlive()).isFalse();
        assertThat(seen).isEmpty();
    }

    @Test
    void cronIsUnixSyntaxInTheGivenZone() {
        CronSchedule daily = CronSchedule.unix("30 2 * * *", ZoneId.of("Europe/Paris"));
        assertThat(daily.nextAfter(Instant.parse("2025-11-22T00:00:00Z")))
                .hasValue(Instant.parse("2025-11-22T01:30:00Z"));
        assertThatThrownBy(() -> CronSchedule.unix("0 0 * * * ?", ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unix cron");
        assertThatThrownBy(() -> CronSchedule.unix("every hour", ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduledExport.builder().retention(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }
}
