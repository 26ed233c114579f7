package io.tributary.export.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.export.file.FileExportConfig;
import io.tributary.export.file.FileExportWorker;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.FaultProxy;
import io.tributary.export.testing.FaultProxy.Fault;
import io.tributary.export.testing.KafkaS3TestBase;
import io.tributary.export.testing.KafkaSupport;
import io.tributary.export.testing.S3TestServer;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.runtime.service.Health;
import io.tributary.runtime.service.Health.Status;
import io.tributary.schema.Event;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults between the worker and S3: throttling (503 SlowDown) and connection resets, which the client retries
 * with backoff, and a 403 AccessDenied and a missing bucket, which pause the partition with a reason in the
 * health until they pass. Nothing is lost or duplicated, and no secret reaches the health reason.
 */
class S3FaultsIT extends KafkaS3TestBase {

    @TempDir
    Path download;

    Map<String, Object> settings(String prefix, String bucket, URI endpoint) {
        Map<String, Object> s = workerSettings(prefix, bucket);
        s.put(FileExportConfig.S3_ENDPOINT, endpoint.toString());
        s.put(FileExportConfig.ROTATE_EVENTS, "1000");
        s.put(FileExportConfig.ROTATE_AGE_MS, "300");
        // Long enough for the paused state to be seen, short enough for the test.
        s.put(FileExportConfig.RETRY_BACKOFF_MS, "1500");
        s.put(FileExportConfig.RETRY_BACKOFF_MAX_MS, "3000");
        return s;
    }

    @Test
    void throttlingResetsAndAForbiddenRequestLoseNothing() throws Exception {
        String prefix = "fault.";
        String topic = createTopics(prefix, 2);
        List<Event> events = TestEvents.numbered(40_000);
        try (S3Storage storage = s3.storage("faults", "exports");
             FaultProxy proxy = FaultProxy.start(s3.port());
             FileExportWorker worker = FileExportWorker.create(new FileExportConfig(
                     settings(prefix, "faults", URI.create("http://127.0.0.1:" + proxy.port()))))) {
            worker.start();
            KafkaSupport.produce(kafka.bootstrapServers(), topic, events.subList(0, 10_000));
            await().atMost(Duration.ofSeconds(180)).until(() -> !S3TestServer.exportedUpTo(storage, topic).isEmpty());

            proxy.inject(Fault.SLOW_DOWN, 6);
            KafkaSupport.produce(kafka.bootstrapServers(), topic, events.subList(10_000, 20_000));
            await().atMost(Duration.ofSeconds(180)).until(() -> proxy.delivered() >= 6);

            proxy.inject(Fault.RESET, 6);
            KafkaSupport.produce(kafka.bootstrapServers(), topic, events.subList(20_000, 30_000));
            await().atMost(Duration.ofSeconds(180)).until(() -> proxy.delivered() >= 12);

            proxy.inject(Fault.ACCESS_DENIED, 1);
            KafkaSupport.produce(kafka.bootstrapServers(), topic, events.subList(30_000, 40_000));
            // Wait for the 403 itself: the resets before it may still be pausing a partition with their own reason.
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(50))
                    .until(() -> worker.health().status() == Status.DEGRADED
                            && worker.health().reason().contains("access denied"));
            Health paused = worker.health();
            assertThat(paused.reason()).contains("access denied").doesNotContain(S3TestServer.SECRET_KEY);

            Map<TopicPartition, Long> ends = KafkaSupport.endOffsets(kafka.bootstrapServers(), topic, 2);
            S3TestServer.awaitExported(storage, topic, ends, Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(30)).until(() -> worker.health().status() == Status.UP);
            assertThat(proxy.delivered()).isEqualTo(13);
            assertExported(storage, topic, events);
        }
    }

    @Test
    void aMissingBucketPausesWithItsReasonUntilItExists() throws Exception {
        String prefix = "nobucket.";
        String topic = createTopics(prefix, 1);
        List<Event> events = TestEvents.numbered(5_000);
        KafkaSupport.produce(kafka.bootstrapServers(), topic, events);
        Map<TopicPartition, Long> ends = KafkaSupport.endOffsets(kafka.bootstrapServers(), topic, 1);
        try (FileExportWorker worker = FileExportWorker.create(new FileExportConfig(
                settings(prefix, "late-bucket", s3.endpoint())))) {
            worker.start();
            await().atMost(Duration.ofSeconds(180)).until(() -> worker.health().status() == Status.DEGRADED);
            assertThat(worker.health().reason()).contains("no such bucket");
            assertThat(KafkaSupport.committed(kafka.bootstrapServers(), prefix + "export")).isEmpty();

            try (S3Storage storage = s3.storage("late-bucket", "exports")) {
                S3TestServer.awaitExported(storage, topic, ends, Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(30)).until(() -> worker.health().status() == Status.UP);
                assertExported(storage, topic, events);
            }
        }
    }

    private void assertExported(S3Storage storage, String topic, List<Event> events) throws Exception {
        VerifyReport report = ExportVerifier.verify(storage);
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(events.size());
        Path dir = S3TestServer.download(storage, download.resolve(topic));
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(dir.resolve(topic)),
                events.stream().map(Event::getEventId).toList());
    }
}
