package io.tributary.export.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.KafkaSupport;
import io.tributary.export.testing.KafkaTestBase;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.Event;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * Kills the worker with SIGKILL at random points, 10 times while 200,000 events arrive, then lets a last
 * worker finish: verify passes and every event is in the export exactly once.
 *
 * <p>The worker runs in a child JVM that is destroyed forcibly, which is what a crash, an OOM kill or
 * {@code kill -9} does: no {@code finally}, no close, no commit, open files and staging temporaries left as
 * they are, possibly between the renames of a flush and its manifest. Kills are triggered after a random
 * number of new manifests plus a random delay, so they land at all phases of writing and publishing.
 * (A power loss, which fsync defends against, cannot be simulated here.)
 */
class CrashRecoveryIT extends KafkaTestBase {
    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);
    private static final int EVENTS = 200_000;
    private static final int KILLS = 10;
    private static final int PARTITIONS = 4;

    @TempDir
    Path root;

    @Test
    void tenRandomKillsLoseAndDuplicateNothing() throws Exception {
        Files.deleteIfExists(Path.of("target/crash-worker.log"));
        String topic = "crash.events.sampled";
        kafka.createTopic(topic, PARTITIONS, (short) 1);
        kafka.createTopic("crash.events.dlq", 1, (short) 1);
        List<Event> events = TestEvents.numbered(EVENTS);
        Random random = new Random(Long.getLong("crash.seed", System.nanoTime()));
        Path topicDir = root.resolve(topic);
        int chunk = EVENTS / KILLS;

        for (int kill = 0; kill < KILLS; kill++) {
            KafkaSupport.produce(kafka.bootstrapServers(), topic, events.subList(kill * chunk, (kill + 1) * chunk));
            Process worker = startWorker();
            int target = ExportedFiles.manifests(topicDir).size() + 1 + random.nextInt(12);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> ExportedFiles.manifests(topicDir).size() >= target || !worker.isAlive());
            // Random extra delay, so kills do not always follow a publication: this is fault injection timing,
            // not synchronisation.
            long delayMs = random.nextInt(150);
            await().pollDelay(Duration.ofMillis(delayMs)).atMost(Duration.ofSeconds(1)).until(() -> true);
            assertThat(worker.isAlive()).as("worker alive before kill %d", kill).isTrue();
            worker.destroyForcibly();
            assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
            LOG.info("kill {} after {} manifests (+{} ms)", kill + 1, ExportedFiles.manifests(topicDir).size(),
                    delayMs);
        }

        Map<TopicPartition, Long> ends = KafkaSupport.endOffsets(kafka.bootstrapServers(), topic, PARTITIONS);
        Process last = startWorker();
        try {
            KafkaSupport.awaitExported(topicDir, ends, Duration.ofSeconds(120));
        } finally {
            last.destroyForcibly();
            last.waitFor(30, TimeUnit.SECONDS);
        }

        VerifyReport report = ExportVerifier.verify(root);
        LOG.info("after {} kills:\n{}", KILLS, report.render());
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(EVENTS);
        for (TopicPartition tp : ends.keySet()) {
            List<Manifest> manifests = ExportedFiles.manifests(topicDir).stream()
                    .filter(m -> m.partition() == tp.partition()).toList();
            assertThat(manifests.get(0).startOffset()).isZero();
            assertThat(manifests.get(manifests.size() - 1).endOffset()).isEqualTo(ends.get(tp) - 1);
        }
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(topicDir),
                events.stream().map(Event::getEventId).toList());
    }

    private Process startWorker() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                WorkerProcess.class.getName(),
                FileExportConfig.BOOTSTRAP_SERVERS + "=" + kafka.bootstrapServers(),
                FileExportConfig.TOPIC_PREFIX + "=crash.",
                FileExportConfig.GROUP_ID + "=crash-export",
                FileExportConfig.EXPORT_DIR + "=" + root,
                FileExportConfig.ROTATE_EVENTS + "=1500",
                FileExportConfig.ROTATE_AGE_MS + "=250",
                // Static membership: a restarted worker takes over its predecessor's partitions at once
                // instead of waiting for the dead member's session to time out.
                "group.instance.id=crash-worker",
                "session.timeout.ms=10000"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/crash-worker.log"))).start();
    }
}
