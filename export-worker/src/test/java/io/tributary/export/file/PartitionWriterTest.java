package io.tributary.export.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.format.Compression;
import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.FormatOptions;
import io.tributary.export.format.RecordKind;
import io.tributary.export.core.ExportIoException;
import io.tributary.export.core.ExportMetrics;
import io.tributary.export.core.PartitionSink.SkipReason;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.MutableClock;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionWriterTest {
    static final String TOPIC = "tributary.events.sampled";

    @TempDir
    Path root;

    final MutableClock clock = new MutableClock(Instant.parse("2025-11-22T09:00:00Z"));
    final List<Event> events = TestEvents.numbered(400);

    PartitionWriter writer(RotationPolicy rotation, int maxOpenFiles, Compression compression) {
        FileWriterOptions options = new FileWriterOptions(new ExportLayout(root, List.of()),
                ExportFormat.of("ndjson", FormatOptions.with(compression)), rotation, maxOpenFiles, Map.of(), clock);
        return new PartitionWriter(TOPIC, 3, RecordKind.EVENT, options,
                new ExportMetrics(new SimpleMeterRegistry(), "files"), () -> { });
    }

    static RotationPolicy everyEvents(long n) {
        return new RotationPolicy(n, Long.MAX_VALUE, Duration.ofMinutes(1));
    }

    Path topicDir() {
        return root.resolve(TOPIC);
    }

    List<String> ids(int from, int to) {
        return events.subList(from, to).stream().map(Event::getEventId).toList();
    }

    @Test
    void rotatesByEventCountPublishesContiguousManifestsAndCommitsAfterThem() {
        PartitionWriter w = writer(everyEvents(100), 8, Compression.ZSTD);
        assertThat(w.recover()).isEmpty();
        w.begin(0);
        for (int i = 0; i < 250; i++) {
            w.append(i, events.get(i));
        }
        assertThat(w.takeCommitOffset()).hasValue(200);
        assertThat(w.takeCommitOffset()).isEmpty();
        w.flush();
        assertThat(w.takeCommitOffset()).hasValue(250);

        List<Manifest> manifests = ExportedFiles.manifests(topicDir());
        assertThat(manifests).extracting(Manifest::startOffset).containsExactly(0L, 100L, 200L);
        assertThat(manifests).extracting(Manifest::endOffset).containsExactly(99L, 199L, 249L);
        assertThat(manifests).extracting(Manifest::eventCount).containsExactly(100L, 100L, 50L);
        assertThat(ExportedFiles.eventIds(topicDir())).containsExactlyInAnyOrderElementsOf(ids(0, 250));
        VerifyReport report = ExportVerifier.verify(root);
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(250);
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void filesAreNamedByPartitionAndFlushStartInEventTimeDirectories() {
        PartitionWriter w = writer(everyEvents(1000), 8, Compression.ZSTD);
        w.begin(42);
        List<Event> all = TestEvents.all();
        for (int i = 0; i < all.size(); i++) {
            w.append(42 + i, all.get(i));
        }
        w.flush();
        Manifest m = ExportedFiles.manifests(topicDir()).get(0);
        assertThat(m.files()).extracting(ManifestFile::path).contains(
                "dt=2025-11-22/hour=08/" + TOPIC + "+3+42.ndjson.zst",
                "dt=2025-11-22/hour=09/" + TOPIC + "+3+42.ndjson.zst");
        assertThat(m.fileName()).isEqualTo(TOPIC + "+3+42-" + (42 + all.size() - 1) + ".json");
        assertThat(m.timeRange().firstNs()).isEqualTo(all.stream().mapToLong(Event::getTsNs).min().orElseThrow());
        assertThat(m.timeRange().lastNs()).isEqualTo(all.stream().mapToLong(Event::getTsNs).max().orElseThrow());
        assertThat(m.files()).allSatisfy(f -> assertThat(f.sha256()).hasSize(64));
    }

    @Test
    void ageRotationFiresOnAnIdlePartition() {
        PartitionWriter w = writer(everyEvents(1000), 8, Compression.ZSTD);
        w.begin(0);
        w.append(0, events.get(0));
        clock.advance(Duration.ofSeconds(59));
        w.flushIfDue();
        assertThat(w.takeCommitOffset()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        w.flushIfDue();
        assertThat(w.takeCommitOffset()).hasValue(1);
        w.flushIfDue();
        assertThat(w.takeCommitOffset()).isEmpty();
    }

    @Test
    void rotatesByBytesOnDisk() throws IOException {
        PartitionWriter w = writer(new RotationPolicy(1_000_000, 100_000, Duration.ofHours(1)), 8, Compression.NONE);
        w.begin(0);
        List<Event> many = TestEvents.numbered(3000);
        for (int i = 0; i < many.size(); i++) {
            w.append(i, many.get(i));
        }
        w.flush();
        List<Manifest> manifests = ExportedFiles.manifests(topicDir());
        assertThat(manifests.size()).isGreaterThan(2);
        for (Manifest m : manifests.subList(0, manifests.size() - 1)) {
            long bytes = m.files().stream().mapToLong(ManifestFile::bytes).sum();
            assertThat(bytes).isGreaterThanOrEqualTo(100_000);
        }
        assertThat(ExportVerifier.verify(root).events()).isEqualTo(3000);
    }

    @Test
    void oneDirectoryTooManyCompletesTheFlushFirst() {
        PartitionWriter w = writer(everyEvents(1000), 1, Compression.ZSTD);
        w.begin(0);
        List<Event> all = TestEvents.all();
        Event lastHour = all.get(all.size() - 2);
        w.append(0, all.get(0));
        w.append(1, all.get(1));
        w.append(2, lastHour);
        assertThat(w.takeCommitOffset()).hasValue(2);
        w.flush();
        assertThat(ExportedFiles.manifests(topicDir())).extracting(Manifest::endOffset).containsExactly(1L, 2L);
    }

    @Test
    void skippedOffsetsAreCoveredByManifestsWithoutFiles() {
        PartitionWriter w = writer(everyEvents(1000), 8, Compression.ZSTD);
        w.begin(10);
        w.skip(10, SkipReason.FILTERED);
        w.skip(12, SkipReason.DEAD_LETTERED);
        w.flush();
        assertThat(w.takeCommitOffset()).hasValue(13);
        Manifest m = ExportedFiles.manifests(topicDir()).get(0);
        assertThat(m.files()).isEmpty();
        assertThat(m.skippedCount()).isEqualTo(1);
        assertThat(m.deadLetteredCount()).isEqualTo(1);
        assertThat(m.startOffset()).isEqualTo(10);
        assertThat(m.endOffset()).isEqualTo(12);
        assertThat(ExportVerifier.verify(root).ok()).isTrue();
    }

    @Test
    void resumesAfterTheLastManifestAndDeletesOrphanTemporaries() {
        PartitionWriter first = writer(everyEvents(100), 8, Compression.ZSTD);
        first.begin(0);
        for (int i = 0; i < 150; i++) {
            first.append(i, events.get(i));
        }
        // The first writer dies here: 50 records staged, never published.
        assertThat(first.takeCommitOffset()).hasValue(100);
        assertThat(root.resolve(TOPIC).resolve("_staging/3")).isNotEmptyDirectory();
        first.dieWithoutCleanup();

        PartitionWriter second = writer(everyEvents(100), 8, Compression.ZSTD);
        assertThat(second.recover()).hasValue(100);
        assertThat(root.resolve(TOPIC).resolve("_staging/3")).isEmptyDirectory();
        second.begin(100);
        for (int i = 100; i < 150; i++) {
            second.append(i, events.get(i));
        }
        second.flush();
        assertThat(ExportedFiles.eventIds(topicDir())).containsExactlyInAnyOrderElementsOf(ids(0, 150));
        assertThat(ExportVerifier.verify(root).ok()).isTrue();
    }

    @Test
    void aZombieKeepsTheNextOwnerOutUntilItLetsGoSoTheirFlushesNeverOverlap() {
        PartitionWriter zombie = writer(everyEvents(100), 8, Compression.ZSTD);
        assertThat(zombie.recover()).isEmpty();
        zombie.begin(0);
        for (int i = 0; i < 50; i++) {
            zombie.append(i, events.get(i));
        }
        // The group gave the partition to another writer; the zombie has not noticed and holds the lock.
        PartitionWriter owner = writer(everyEvents(100), 8, Compression.ZSTD);
        assertThatThrownBy(owner::recover).isInstanceOf(ExportIoException.class)
                .hasMessageContaining("held by another writer");

        for (int i = 50; i < 100; i++) {
            zombie.append(i, events.get(i)); // its flush of 0..99 is published at the 100th record
        }
        assertThat(ExportedFiles.manifests(topicDir())).extracting(Manifest::endOffset).containsExactly(99L);
        zombie.close(); // it sees the revocation

        assertThat(owner.recover()).hasValue(100);
        owner.begin(100);
        for (int i = 100; i < 150; i++) {
            owner.append(i, events.get(i));
        }
        owner.flush();
        owner.close();
        assertThat(ExportedFiles.eventIds(topicDir())).containsExactlyInAnyOrderElementsOf(ids(0, 150));
        VerifyReport report = ExportVerifier.verify(root);
        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void aWriteFailurePublishesNothingAndARetryAfterRecoveryExportsEverythingOnce() throws IOException {
        PartitionWriter w = writer(everyEvents(1000), 8, Compression.ZSTD);
        w.begin(0);
        for (int i = 0; i < 50; i++) {
            w.append(i, events.get(i));
        }
        w.flush();
        // A regular file where the hour directory must go: the rename cannot happen, as on a broken disk.
        Path blocker = topicDir().resolve("dt=2025-11-22");
        Files.walk(blocker).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        Files.writeString(blocker, "in the way");
        for (int i = 50; i < 80; i++) {
            w.append(i, events.get(i));
        }
        assertThatThrownBy(w::flush).isInstanceOf(ExportIoException.class);
        assertThat(w.takeCommitOffset()).hasValue(50);
        assertThat(w.takeCommitOffset()).isEmpty();
        w.abort();
        assertThat(w.restartOffset()).isEqualTo(50);

        Files.delete(blocker);
        OptionalLong resume = w.recover();
        assertThat(resume).hasValue(50);
        w.begin(50);
        for (int i = 50; i < 80; i++) {
            w.append(i, events.get(i));
        }
        w.flush();
        assertThat(ExportedFiles.manifests(topicDir())).extracting(Manifest::endOffset).containsExactly(49L, 79L);
        // The first flush's files were deleted with the blocker's directory above, so verify must say so.
        assertThat(ExportVerifier.verify(root).problems()).extracting(VerifyReport.Problem::kind)
                .containsOnly(VerifyReport.Kind.MISSING_FILE);
    }

    @Test
    void pathComponentsFromEventDataAreSanitised() {
        FileWriterOptions options = new FileWriterOptions(
                new ExportLayout(root, List.of(ExportLayout.PathField.SERVICE, ExportLayout.PathField.TYPE)),
                ExportFormat.of("ndjson", FormatOptions.defaults()), everyEvents(10), 8, Map.of(), clock);
        PartitionWriter w = new PartitionWriter(TOPIC, 0, RecordKind.EVENT, options,
                new ExportMetrics(new SimpleMeterRegistry(), "files"), () -> { });
        w.begin(0);
        w.append(0, Event.newBuilder(events.get(0)).setService("../../etc/passwd").build());
        w.append(1, Event.newBuilder(events.get(1)).setService("..").build());
        w.flush();
        List<String> paths = ExportedFiles.manifests(topicDir()).get(0).files().stream().map(ManifestFile::path)
                .toList();
        assertThat(paths).allSatisfy(p -> {
            assertThat(p).doesNotContain("/../").doesNotStartWith("..");
            assertThat(topicDir().resolve(p).normalize()).startsWith(topicDir());
        });
        assertThat(paths).anySatisfy(p -> assertThat(p).contains("/service=x.._.._etc_passwd/type="));
        assertThat(paths).anySatisfy(p -> assertThat(p).contains("/service=x../type="));
        assertThat(ExportVerifier.verify(root).ok()).isTrue();
    }
}
