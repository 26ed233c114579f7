package io.tributary.export.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.export.file.FileExportConfig;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.KafkaS3TestBase;
import io.tributary.export.testing.RebalanceScenario;
import io.tributary.export.testing.S3TestServer;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers in one group export to one bucket prefix, with no lock between them: one joins mid-run, the other
 * leaves mid-run. Every event ends up in exactly one object and the manifests neither overlap nor leave gaps.
 */
class S3RebalanceIT extends KafkaS3TestBase {
    private static final int PARTITIONS = 6;
    private static final String TOPIC = "s3rb.events.sampled";

    @TempDir
    Path download;

    FileExportConfig config(int threads) {
        Map<String, Object> s = workerSettings("s3rb.", "rebalance");
        return RebalanceScenario.config(s, threads);
    }

    @Test
    void aWorkerJoiningAndOneLeavingMidRunLoseAndDuplicateNothing() throws Exception {
        createTopics("s3rb.", PARTITIONS);
        List<Event> events = TestEvents.numbered(60_000);
        double written;
        try (S3Storage storage = s3.storage("rebalance", "exports")) {
            written = new RebalanceScenario(kafka.bootstrapServers(), TOPIC, PARTITIONS, this::config,
                    () -> S3TestServer.exportedUpTo(storage, TOPIC).size() >= 3,
                    ends -> S3TestServer.awaitExported(storage, TOPIC, ends, Duration.ofSeconds(90))).run(events);
            VerifyReport report = ExportVerifier.verify(storage);
            assertThat(report.problems()).isEmpty();
            assertThat(report.events()).isEqualTo(60_000);
            assertThat(storage.pendingUploads("")).isEmpty();
            S3TestServer.download(storage, download);
        }
        assertThat(written).isEqualTo(60_000);
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(download.resolve(TOPIC)),
                events.stream().map(Event::getEventId).toList());
    }
}
