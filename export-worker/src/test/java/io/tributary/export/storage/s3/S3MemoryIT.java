package io.tributary.export.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.export.file.FileExportConfig;
import io.tributary.export.testing.KafkaS3TestBase;
import io.tributary.export.testing.KafkaSupport;
import io.tributary.export.testing.S3TestServer;
import io.tributary.export.testing.S3WorkerProcess;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * 64 partitions exported to S3 by a worker with a 256 MiB heap that exits on {@link OutOfMemoryError}. With one
 * 8 MiB part buffer per open file, 64 partitions would need 512 MiB; the shared pool (8 buffers, 64 MiB) makes
 * partitions complete their flushes early instead, and the worker exports everything without running out.
 */
class S3MemoryIT extends KafkaS3TestBase {
    private static final int PARTITIONS = 64;
    private static final int EVENTS = 64_000;
    private static final String TOPIC = "s3mem.events.sampled";

    @Test
    void sixtyFourPartitionsFitInASmallHeap() throws Exception {
        createTopics("s3mem.", PARTITIONS);
        KafkaSupport.produce(kafka.bootstrapServers(), TOPIC, TestEvents.numbered(EVENTS));
        Map<TopicPartition, Long> ends = KafkaSupport.endOffsets(kafka.bootstrapServers(), TOPIC, PARTITIONS);
        File log = new File("target/s3mem-worker.log");
        Files.deleteIfExists(log.toPath());
        try (S3Storage storage = s3.storage("memory", "exports")) {
            Process worker = S3WorkerProcess.start(kafka.bootstrapServers(), "s3://memory/exports", s3.endpoint(),
                    log, List.of(
                            FileExportConfig.TOPIC_PREFIX + "=s3mem.",
                            FileExportConfig.GROUP_ID + "=s3mem-export",
                            FileExportConfig.S3_PART_BYTES + "=" + S3Settings.DEFAULT_PART_BYTES,
                            FileExportConfig.S3_PART_POOL_SIZE + "=8",
                            FileExportConfig.ROTATE_AGE_MS + "=5000",
                            FileExportConfig.RETRY_BACKOFF_MS + "=100",
                            FileExportConfig.RETRY_BACKOFF_MAX_MS + "=400"));
            try {
                S3TestServer.awaitExported(storage, TOPIC, ends, Duration.ofSeconds(240));
                assertThat(worker.isAlive()).as("worker alive (no OutOfMemoryError)").isTrue();
            } finally {
                worker.destroyForcibly();
                worker.waitFor(30, TimeUnit.SECONDS);
            }
            VerifyReport report = ExportVerifier.verify(storage);
            assertThat(report.problems()).isEmpty();
            assertThat(report.events()).isEqualTo(EVENTS);
        }
        String output = Files.readString(log.toPath());
        assertThat(output).doesNotContain("OutOfMemoryError");
        // The pool did run empty: partitions waited for buffers rather than allocating more.
        assertThat(output).contains("S3 part buffers");
    }
}
