package io.tributary.export.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.export.file.FileExportConfig;
import io.tributary.export.file.FileExportWorker;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.KafkaS3TestBase;
import io.tributary.export.testing.KafkaSupport;
import io.tributary.export.testing.S3TestServer;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.runtime.service.Health.Status;
import io.tributary.schema.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The file export worker to a real S3 API server: 100,000 events in every format and compression, each run into
 * its own prefix. The objects are downloaded and read back, their checksums and counts checked by {@code verify}
 * on the bucket and on the download, and NDJSON ids compared one by one.
 */
class S3ExportIT extends KafkaS3TestBase {
    static final int EVENTS = 100_000;
    static final String PREFIX = "s3x.";
    static final String TOPIC = PREFIX + "events.sampled";
    static List<Event> events;
    static Map<TopicPartition, Long> ends;

    @TempDir
    Path download;

    @BeforeAll
    static void produce() {
        createTopics(PREFIX, 4);
        events = TestEvents.numbered(EVENTS);
        KafkaSupport.produce(kafka.bootstrapServers(), TOPIC, events);
        ends = KafkaSupport.endOffsets(kafka.bootstrapServers(), TOPIC, 4);
    }

    @ParameterizedTest
    @CsvSource({"ndjson,zstd", "ndjson,gzip", "ndjson,none", "json,zstd", "json,gzip", "json,none",
            "csv,zstd", "csv,gzip", "csv,none", "avro,zstd", "avro,gzip", "avro,none",
            "parquet,zstd", "parquet,gzip", "parquet,none"})
    void exportsEveryEventOnceInEveryFormat(String format, String compression) throws Exception {
        String prefix = "exports/" + format + "-" + compression;
        Map<String, Object> settings = workerSettings(PREFIX, "bucket");
        settings.put(FileExportConfig.EXPORT_DIR, "s3://bucket/" + prefix);
        settings.put(FileExportConfig.GROUP_ID, "s3-" + format + "-" + compression);
        settings.put(FileExportConfig.FORMAT, format);
        settings.put(FileExportConfig.COMPRESSION, compression);
        settings.put(FileExportConfig.ROTATE_EVENTS, "20000");
        settings.put(FileExportConfig.ROTATE_AGE_MS, "2000");

        try (S3Storage storage = s3.storage("bucket", prefix);
             FileExportWorker worker = FileExportWorker.create(new FileExportConfig(settings))) {
            worker.start();
            S3TestServer.awaitExported(storage, TOPIC, ends, Duration.ofSeconds(120));
            assertThat(worker.health().status()).isEqualTo(Status.UP);

            VerifyReport remote = ExportVerifier.verify(storage);
            assertThat(remote.problems()).isEmpty();
            assertThat(remote.events()).isEqualTo(EVENTS);
            assertThat(storage.pendingUploads("")).isEmpty();

            S3TestServer.download(storage, download);
        }
        VerifyReport local = ExportVerifier.verify(download);
        assertThat(local.problems()).isEmpty();
        assertThat(local.events()).isEqualTo(EVENTS);
        if (format.equals("ndjson")) {
            ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(download.resolve(TOPIC)),
                    events.stream().map(Event::getEventId).toList());
        }
    }
}
