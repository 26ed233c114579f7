package io.tributary.export.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.export.file.FileExportConfig;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.KafkaS3TestBase;
import io.tributary.export.testing.KafkaSupport;
import io.tributary.export.testing.S3TestServer;
import io.tributary.export.testing.S3WorkerProcess;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.Event;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a worker exporting to S3 with SIGKILL 10 times at random points while 100,000 events arrive, then lets a
 * last worker finish: every event is in exactly one object row, {@code verify} finds no OVERLAP, GAP or unlisted
 * object, and no incomplete multipart upload is left. The worker is a child JVM that finds its credentials in
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} through the default provider chain.
 */
class S3CrashRecoveryIT extends KafkaS3TestBase {
    private static final Logger LOG = LoggerFactory.getLogger(S3CrashRecoveryIT.class);
    private static final int EVENTS = 100_000;
    private static final int KILLS = 10;
    private static final int PARTITIONS = 4;
    private static final String TOPIC = "s3crash.events.sampled";

    @TempDir
    Path download;

    @Test
    void tenRandomKillsLoseAndDuplicateNothing() throws Exception {
        createTopics("s3crash.", PARTITIONS);
        List<Event> events = TestEvents.numbered(EVENTS);
        Random random = new Random(Long.getLong("crash.seed", System.nanoTime()));
        int chunk = EVENTS / KILLS;
        try (S3Storage storage = s3.storage("crash", "exports")) {
            for (int kill = 0; kill < KILLS; kill++) {
                KafkaSupport.produce(kafka.bootstrapServers(), TOPIC, events.subList(kill * chunk, (kill + 1) * chunk));
                Process worker = startWorker();
                int target = manifests(storage) + 1 + random.nextInt(8);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                        .until(() -> manifests(storage) >= target || !worker.isAlive());
                // Random extra delay so that kills land in every phase of a flush: fault injection, not sync.
                long delayMs = random.nextInt(150);
                await().pollDelay(Duration.ofMillis(delayMs)).atMost(Duration.ofSeconds(1)).until(() -> true);
                assertThat(worker.isAlive()).as("worker alive before kill %d", kill).isTrue();
                worker.destroyForcibly();
                assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
                LOG.info("kill {} after {} manifests (+{} ms)", kill + 1, manifests(storage), delayMs);
            }

            Map<TopicPartition, Long> ends = KafkaSupport.endOffsets(kafka.bootstrapServers(), TOPIC, PARTITIONS);
            Process last = startWorker();
            try {
                S3TestServer.awaitExported(storage, TOPIC, ends, Duration.ofSeconds(120));
                // The last writer aborts what the killed ones left right after its claims win.
                await().atMost(Duration.ofSeconds(30)).until(() -> storage.pendingUploads("").isEmpty());
            } finally {
                last.destroyForcibly();
                last.waitFor(30, TimeUnit.SECONDS);
            }

            VerifyReport report = ExportVerifier.verify(storage);
            LOG.info("after {} kills:\n{}", KILLS, report.render());
            assertThat(report.problems()).isEmpty();
            assertThat(report.events()).isEqualTo(EVENTS);
            S3TestServer.download(storage, download);
        }
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(download.resolve(TOPIC)),
                events.stream().map(Event::getEventId).toList());
    }

    private static int manifests(S3Storage storage) throws IOException {
        return (int) storage.list(TOPIC + "/_manifests/").stream().filter(n -> !n.contains("/_claims/")).count();
    }

    private Process startWorker() throws IOException {
        return S3WorkerProcess.start(kafka.bootstrapServers(), "s3://crash/exports", s3.endpoint(),
                new File("target/s3crash-worker.log"), List.of(
                        FileExportConfig.TOPIC_PREFIX + "=s3crash.",
                        FileExportConfig.GROUP_ID + "=s3crash-export",
                        FileExportConfig.ROTATE_EVENTS + "=1500",
                        FileExportConfig.ROTATE_AGE_MS + "=250",
                        FileExportConfig.RETRY_BACKOFF_MS + "=100",
                        "group.instance.id=s3crash-worker",
                        "session.timeout.ms=10000"));
    }
}
