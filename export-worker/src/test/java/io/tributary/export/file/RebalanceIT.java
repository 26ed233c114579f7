package io.tributary.export.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.KafkaSupport;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers in one group sharing a directory, with rebalances while they write: every event exactly once. The
 * second worker runs two consumer threads ({@code export.threads=2}), so the group has three members.
 */
class RebalanceIT {
    private static final int PARTITIONS = 6;
    static EmbeddedKafkaCluster kafka;

    @TempDir
    Path root;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafkaCluster.builder().nodes(1).build();
        kafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    FileExportConfig config(int threads) {
        Map<String, Object> s = new HashMap<>();
        s.put(FileExportConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        s.put(FileExportConfig.TOPIC_PREFIX, "rb.");
        s.put(FileExportConfig.GROUP_ID, "rb-export");
        s.put(FileExportConfig.EXPORT_DIR, root.toString());
        s.put(FileExportConfig.ROTATE_EVENTS, "700");
        s.put(FileExportConfig.ROTATE_AGE_MS, "300");
        s.put(FileExportConfig.THREADS, Integer.toString(threads));
        s.put("max.poll.records", "500");
        return new FileExportConfig(s);
    }

    @Test
    void aWorkerJoiningAndOneLeavingMidRunLoseAndDuplicateNothing() {
        String topic = "rb.events.sampled";
        kafka.createTopic(topic, PARTITIONS, (short) 1);
        kafka.createTopic("rb.events.dlq", 1, (short) 1);
        List<Event> events = TestEvents.numbered(60_000);
        Path topicDir = root.resolve(topic);
        SimpleMeterRegistry registryA = new SimpleMeterRegistry();
        SimpleMeterRegistry registryB = new SimpleMeterRegistry();

        KafkaSupport.produce(kafka.bootstrapServers(), topic, events.subList(0, 20_000));
        FileExportWorker a = FileExportWorker.create(config(1), registryA);
        FileExportWorker b = FileExportWorker.create(config(2), registryB);
        try {
            a.start();
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> ExportedFiles.manifests(topicDir).size() >= 6);
            b.start();
            // The joins rebalance the group: A gives up partitions to B's two threads, flushing them on revocation.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> assigned(registryB) >= 2
                    && assigned(registryA) > 0 && assigned(registryA) + assigned(registryB) == PARTITIONS);
            KafkaSupport.produce(kafka.bootstrapServers(), topic, events.subList(20_000, 40_000));
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> written(registryB) > 0 && written(registryA) > 0);
            // A leaves mid-run (new data arrives right after): B takes over A's partitions from A's manifests.
            a.close();
            KafkaSupport.produce(kafka.bootstrapServers(), topic, events.subList(40_000, 60_000));
            Map<TopicPartition, Long> ends = KafkaSupport.endOffsets(kafka.bootstrapServers(), topic, PARTITIONS);
            KafkaSupport.awaitExported(topicDir, ends, Duration.ofSeconds(90));
        } finally {
            a.close();
            b.close();
        }
        VerifyReport report = ExportVerifier.verify(root);
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(60_000);
        assertThat(written(registryA) + written(registryB)).isEqualTo(60_000);
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(topicDir),
                events.stream().map(Event::getEventId).toList());
    }

    private static double assigned(SimpleMeterRegistry registry) {
        var gauge = registry.find("tributary.export.partitions.assigned").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private static double written(SimpleMeterRegistry registry) {
        var counter = registry.find("tributary.export.records.written").counter();
        return counter == null ? 0 : counter.count();
    }
}
