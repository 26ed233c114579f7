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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
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

            // The 403 pauses a partition for one backoff (1.5 s), which can pass while the events are produced:
            // a watcher records every degraded reason from before the fault is injected.
            Set<String> degraded = ConcurrentHashMap.newKeySet();
            ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
            try {
                watcher.scheduleAtFixedRate(() -> {
                    Health health = worker.health();
                    if (health.status() == Status.DEGRADED) {
                        degraded.add(health.reason());
                    }
                }, 0, 20, TimeUnit.MILLISECONDS);
                proxy.inject(Fault.ACCESS_DENIED, 1);
                KafkaSupport.produce(kafka.bootstrapServers(), topic, events.subList(30_000, 40_000));
                // Wait for the 403 itself: the resets before it may have paused a partition with their own reason.
                try {
                    await().atMost(Duration.ofSeconds(180))
                            .until(() -> degraded.stream().anyMatch(r -> r.contains("access denied")));
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError("the 403 never showed in the health; degraded reasons seen: " + degraded
                            + ", health now: " + worker.health(), e);
                }
            } finally {
                watcher.shutdownNow();
            }
            assertThat(degraded).filteredOn(r -> r.contains("access denied")).isNotEmpty()
                    .allSatisfy(r -> assertThat(r).doesNotContain(S3TestServer.SECRET_KEY));

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
