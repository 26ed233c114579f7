package io.tributary.export.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.core.ExportIoException;
import io.tributary.export.core.ExportMetrics;
import io.tributary.export.storage.s3.S3Storage;
import io.tributary.export.format.Compression;
import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.FormatOptions;
import io.tributary.export.format.RecordKind;
import io.tributary.export.testing.S3TestServer;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.Event;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A zombie and its successor write the same partition of one bucket prefix, with no lock between them: the
 * flush claim lets exactly one publish from a given offset, the other is fenced, and after its retry the
 * manifests neither overlap nor leave a gap. A writer that dies at any step of the flush is recovered by the
 * next: before its claim it lost nothing that counted, after it the next writer finishes the flush from the claim.
 */
class ClaimedFlushesIT {
    static S3TestServer s3;
    static final String TOPIC = "z.events.sampled";
    final List<Event> events = TestEvents.numbered(1000);

    @BeforeAll
    static void start() throws Exception {
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    PartitionWriter writer(S3Storage storage) {
        return writer(storage, FlushObserver.NONE);
    }

    PartitionWriter writer(S3Storage storage, FlushObserver observer) {
        FileWriterOptions options = new FileWriterOptions(new ExportLayout(storage, List.of()),
                ExportFormat.of("ndjson", FormatOptions.with(Compression.ZSTD)),
                new RotationPolicy(Long.MAX_VALUE, Long.MAX_VALUE, Duration.ofHours(1)), 8, Map.of(),
                Clock.systemUTC());
        return new PartitionWriter(TOPIC, 0, RecordKind.EVENT, options,
                new ExportMetrics(new SimpleMeterRegistry(), "files"), () -> { }, observer);
    }

    void append(PartitionWriter w, int from, int to) {
        for (int i = from; i < to; i++) {
            w.append(i, events.get(i));
        }
    }

    @Test
    void aFencedZombieCannotPublishAnOverlappingManifest() throws Exception {
        try (S3Storage storage = s3.storage("zombie", "a")) {
            PartitionWriter zombie = writer(storage);
            PartitionWriter successor = writer(storage);
            assertThat(zombie.recover()).isEmpty();
            assertThat(successor.recover()).isEmpty();
            zombie.begin(0);
            successor.begin(0);
            append(zombie, 0, 300);
            append(successor, 0, 200);
            successor.flush();
            // The zombie's flush 0-299 would overlap the successor's 0-199: its claim on offset 0 is refused.
            assertThatThrownBy(zombie::flush).isInstanceOf(ExportIoException.class).hasMessageContaining("fenced");
            zombie.abort();
            assertThat(zombie.recover()).hasValue(200);
            assertThat(storage.pendingUploads("")).isEmpty();

            zombie.begin(200);
            append(zombie, 200, 300);
            zombie.flush();
            VerifyReport report = ExportVerifier.verify(storage);
            assertThat(report.problems()).isEmpty();
            assertThat(report.events()).isEqualTo(300);
        }
    }

    /**
     * A writer failing after each step of the S3 flush protocol, then aborted as the loop does: the next one
     * resumes without loss or overlap (a claim made is finished from the uploads it names).
     */
    @ParameterizedTest
    @EnumSource(FlushStep.class)
    void aWriterDyingAtAnyStepIsRecoveredByTheNext(FlushStep step) throws Exception {
        try (S3Storage storage = s3.storage("crash", step.name().toLowerCase(java.util.Locale.ROOT))) {
            PartitionWriter first = writer(storage);
            first.recover();
            first.begin(0);
            append(first, 0, 100);
            first.flush();
            PartitionWriter dying = writer(storage, reached -> {
                if (reached == step) {
                    throw new IllegalStateException("simulated crash after " + step);
                }
            });
            dying.recover();
            dying.begin(100);
            append(dying, 100, 250);
            assertThatThrownBy(dying::flush).isInstanceOf(IllegalStateException.class);
            // What the loop does after a failed flush; after the claim it must not abort what the claim names.
            dying.abort();

            PartitionWriter next = writer(storage);
            boolean claimed = step.compareTo(FlushStep.INTENT_WRITTEN) >= 0;
            assertThat(next.recover()).hasValue(claimed ? 250 : 100);
            next.begin(claimed ? 250 : 100);
            append(next, claimed ? 250 : 100, 400);
            next.flush();
            VerifyReport report = ExportVerifier.verify(storage);
            assertThat(report.problems()).isEmpty();
            assertThat(report.events()).isEqualTo(400);
            assertThat(storage.pendingUploads("")).isEmpty();
        }
    }
}
