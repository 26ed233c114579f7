package io.tributary.export.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.FormatOptions;
import io.tributary.export.format.RecordKind;
import io.tributary.export.core.ExportMetrics;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.Event;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A process death after each step of the flush protocol: the successor recovers and the export ends up with
 * every record exactly once. Dying is simulated by abandoning the writer mid-flush (no abort, no cleanup),
 * leaving the directory exactly as a killed process would.
 */
class FlushCrashTest {
    static final String TOPIC = "tributary.events.sampled";
    static final int COUNT = 150;

    @TempDir
    Path root;

    final List<Event> events = TestEvents.numbered(COUNT);

    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    PartitionWriter writer(FlushObserver observer) {
        FileWriterOptions options = new FileWriterOptions(new ExportLayout(root, List.of()),
                ExportFormat.of("ndjson", FormatOptions.defaults()),
                new RotationPolicy(1000, Long.MAX_VALUE, Duration.ofHours(1)), 8, Map.of(), Clock.systemUTC());
        return new PartitionWriter(TOPIC, 0, RecordKind.EVENT, options,
                new ExportMetrics(new SimpleMeterRegistry(), "files"), () -> { }, observer);
    }

    @ParameterizedTest
    @EnumSource(FlushStep.class)
    void aCrashAfterAnyStepNeitherLosesNorDuplicates(FlushStep crashAt) {
        PartitionWriter doomed = writer(step -> {
            if (step == crashAt) {
                throw new SimulatedCrash();
            }
        });
        doomed.begin(0);
        for (int i = 0; i < COUNT; i++) {
            doomed.append(i, events.get(i));
        }
        assertThatThrownBy(doomed::flush).isInstanceOf(SimulatedCrash.class);
        doomed.dieWithoutCleanup();

        Path topicDir = root.resolve(TOPIC);
        VerifyReport beforeRecovery = ExportVerifier.verify(root);
        if (crashAt == FlushStep.RENAMED_ONE || crashAt == FlushStep.RENAMED) {
            // Renamed files without a manifest: verify flags them rather than counting them.
            assertThat(beforeRecovery.problems()).isNotEmpty().extracting(VerifyReport.Problem::kind)
                    .containsOnly(VerifyReport.Kind.UNLISTED_FILE);
            assertThat(beforeRecovery.events()).isZero();
        }

        PartitionWriter successor = writer(FlushObserver.NONE);
        OptionalLong resume = successor.recover();
        if (crashAt == FlushStep.PUBLISHED) {
            assertThat(resume).hasValue(COUNT);
        } else {
            assertThat(resume).isEmpty();
        }
        long start = resume.orElse(0);
        successor.begin(start);
        for (long i = start; i < COUNT; i++) {
            successor.append(i, events.get((int) i));
        }
        successor.flush();

        List<String> ids = ExportedFiles.eventIds(topicDir);
        assertThat(ids).hasSize(COUNT).containsExactlyInAnyOrderElementsOf(
                events.stream().map(Event::getEventId).toList());
        VerifyReport report = ExportVerifier.verify(root);
        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.events()).isEqualTo(COUNT);
        assertThat(report.partitions()).singleElement().satisfies(p -> {
            assertThat(p.firstOffset()).isZero();
            assertThat(p.lastOffset()).isEqualTo(COUNT - 1);
        });
    }
}
