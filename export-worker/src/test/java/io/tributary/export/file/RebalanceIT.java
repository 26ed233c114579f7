package io.tributary.export.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.export.testing.ExportedFiles;
import io.tributary.export.testing.KafkaSupport;
import io.tributary.export.testing.KafkaTestBase;
import io.tributary.export.testing.RebalanceScenario;
import io.tributary.export.testing.TestEvents;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers in one group sharing a directory, with rebalances while they write: every event exactly once. The
 * second worker runs two consumer threads ({@code export.threads=2}), so the group has three members.
 */
class RebalanceIT extends KafkaTestBase {
    private static final int PARTITIONS = 6;

    @TempDir
    Path root;

    FileExportConfig config(int threads) {
        Map<String, Object> s = new HashMap<>();
        s.put(FileExportConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        s.put(FileExportConfig.TOPIC_PREFIX, "rb.");
        s.put(FileExportConfig.GROUP_ID, "rb-export");
        s.put(FileExportConfig.EXPORT_DIR, root.toString());
        return RebalanceScenario.config(s, threads);
    }

    @Test
    void aWorkerJoiningAndOneLeavingMidRunLoseAndDuplicateNothing() {
        String topic = "rb.events.sampled";
        kafka.createTopic(topic, PARTITIONS, (short) 1);
        kafka.createTopic("rb.events.dlq", 1, (short) 1);
        List<Event> events = TestEvents.numbered(60_000);
        Path topicDir = root.resolve(topic);
        double written = new RebalanceScenario(kafka.bootstrapServers(), topic, PARTITIONS, this::config,
                () -> ExportedFiles.manifests(topicDir).size() >= 6,
                ends -> KafkaSupport.awaitExported(topicDir, ends, Duration.ofSeconds(90))).run(events);
        VerifyReport report = ExportVerifier.verify(root);
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(60_000);
        assertThat(written).isEqualTo(60_000);
        ExportedFiles.assertExactlyOnce(ExportedFiles.eventIds(topicDir),
                events.stream().map(Event::getEventId).toList());
    }
}
