package io.tributary.export.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.file.FileExportConfig;
import io.tributary.export.file.FileExportWorker;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.KafkaSupport;
import io.tributary.export.testing.S3TestServer;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers in one group export to one bucket prefix, with no lock between them: one joins mid-run, the other
 * leaves mid-run. Every event ends up in exactly one object and the manifests neither overlap nor leave gaps.
 */
class S3RebalanceIT {
    private static final int PARTITIONS = 6;
    private static final String TOPIC = "s3rb.events.sampled";
    static EmbeddedKafkaCluster kafka;
    static S3TestServer s3;

    @TempDir
    Path download;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafkaCluster.builder().nodes(1).build();
        kafka.start();
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    FileExportConfig config(int threads) {
        Map<String, Object> s = S3TestServer.exportSettings("rebalance", "exports", s3.endpoint());
        s.put(FileExportConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        s.put(FileExportConfig.TOPIC_PREFIX, "s3rb.");
        s.put(FileExportConfig.GROUP_ID, "s3rb-export");
        s.put(FileExportConfig.ROTATE_EVENTS, "700");
        s.put(FileExportConfig.ROTATE_AGE_MS, "300");
        s.put(FileExportConfig.THREADS, Integer.toString(threads));
        s.put("max.poll.records", "500");
        return new FileExportConfig(s);
    }

    @Test
    void aWorkerJoiningAndOneLeavingMidRunLoseAndDuplicateNothing() throws Exception {
        kafka.createTopic(TOPIC, PARTITIONS, (short) 1);
        kafka.createTopic("s3rb.events.dlq", 1, (short) 1);
        List<Event> events = TestEvents.numbered(60_000);
        SimpleMeterRegistry registryA = new SimpleMeterRegistry();
        SimpleMeterRegistry registryB = new SimpleMeterRegistry();
        try (S3Storage storage = s3.storage("rebalance", "exports")) {
            KafkaSupport.produce(kafka.bootstrapServers(), TOPIC, events.subList(0, 20_000));
            FileExportWorker a = FileExportWorker.create(config(1), registryA);
            FileExportWorker b = FileExportWorker.create(config(2), registryB);
            try {
                a.start();
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> S3TestServer.exportedUpTo(storage, TOPIC).size() >= 3);
                b.start();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> assigned(registryB) >= 2
                        && assigned(registryA) > 0 && assigned(registryA) + assigned(registryB) == PARTITIONS);
                KafkaSupport.produce(kafka.bootstrapServers(), TOPIC, events.subList(20_000, 40_000));
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> written(registryB) > 0 && written(registryA) > 0);
                a.close();
                KafkaSupport.produce(kafka.bootstrapServers(), TOPIC, events.subList(40_000, 60_000));
                Map<TopicPartition, Long> ends = KafkaSupport.endOffsets(kafka.bootstrapServers(), TOPIC,
                        PARTITIONS);
                S3TestServer.awaitExported(storage, TOPIC, ends, Duration.ofSeconds(90));
            } finally {
                a.close();
                b.close();
            }
            VerifyReport report = ExportVerifier.verify(storage);
            assertThat(report.problems()).isEmpty();
            assertThat(report.events()).isEqualTo(60_000);
            assertThat(storage.pendingUploads("")).isEmpty();
            S3TestServer.download(storage, download);
        }
        assertThat(written(registryA) + written(registryB)).isEqualTo(60_000);
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(download.resolve(TOPIC)),
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
