package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.schema.Category;
import io.tributary.schema.Priority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's accounting when the spool fails part-way through a write, with Kafka unreachable (no broker). */
class SpoolWriteFailureTest {
    @TempDir
    Path dir;

    @Test
    void eventsWrittenBeforeASpoolFailureCountAsSpooledAndOnlyTheRestAsDropped() throws IOException {
        try (TributaryClient client = TributaryClient.builder().bootstrapServers("127.0.0.1:1").service("spool")
                .spoolDir(dir).spoolSegmentBytes(4096).senderThreads(1).kafkaProperty("max.block.ms", 200)
                .build()) {
            // The spool's second segment name is taken, so rolling over to it fails once the first one is full.
            Files.createFile(dir.resolve(String.format("segment-%020d.spool", 1)));
            for (int i = 0; i < 200; i++) {
                client.track("s", "offline", Category.USAGE, Priority.NORMAL, Map.of("i", i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> client.flush(Duration.ofSeconds(1)));
            ClientStats stats = client.stats();
            assertThat(stats.spooledTotal()).as(stats.toString()).isBetween(1L, 199L);
            assertThat(stats.dropped().get(DropReason.SPOOL_ERROR)).as(stats.toString())
                    .isEqualTo(200 - stats.spooledTotal());
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
    }
}
