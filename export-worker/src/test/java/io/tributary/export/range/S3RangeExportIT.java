package io.tributary.export.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.export.storage.s3.S3Storage;
import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.KafkaS3TestBase;
import io.tributary.export.testing.KafkaSupport;
import io.tributary.export.testing.S3TestServer;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.Event;
import io.tributary.schema.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A range export into a bucket prefix: the same objects and manifests as locally, and verify passes. */
class S3RangeExportIT extends KafkaS3TestBase {

    @TempDir
    Path download;

    @Test
    void exportsEverythingIntoABucketAndRefusesToExportTwice() throws Exception {
        String topic = "s3r.events.sampled";
        kafka.createTopic(topic, 3, (short) 1);
        List<Event> events = TestEvents.numbered(9_000);
        KafkaSupport.produce(kafka.bootstrapServers(), topic, events);
        try (S3Storage storage = s3.storage("range", "history")) {
            RangeExportBuilder export = RangeExport.builder()
                    .kafkaSettings(Map.of("bootstrap.servers", kafka.bootstrapServers()))
                    .topicNames(Topics.withPrefix("s3r.")).requestTimeout(Duration.ofSeconds(15))
                    .idleTimeout(Duration.ofSeconds(15)).rotateEvents(2_000).out(storage);
            RangeExportResult result = export.build().run();
            assertThat(result.eventsExported()).isEqualTo(9_000);
            assertThat(result.summary()).contains("object storage");

            VerifyReport report = ExportVerifier.verify(storage);
            assertThat(report.problems()).isEmpty();
            assertThat(report.events()).isEqualTo(9_000);
            assertThatThrownBy(() -> export.build().run()).isInstanceOf(RangeExportException.class)
                    .hasMessageContaining("s3://range/history");
            S3TestServer.download(storage, download);
        }
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(download.resolve(topic)),
                events.stream().map(Event::getEventId).toList());
    }
}
