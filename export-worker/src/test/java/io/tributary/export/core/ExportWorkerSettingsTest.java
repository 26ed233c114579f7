package io.tributary.export.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schema.kafka.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** What each export loop's consumer is configured with. */
class ExportWorkerSettingsTest {
    @Test
    void withStaticMembershipEachLoopIsItsOwnMemberAndLoopZeroKeepsTheConfiguredId() {
        ExportWorker.WorkerSettings settings = settings(Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "pod-7"));
        assertThat(ExportWorker.consumerSettings(settings, 0)).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "pod-7")
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "g")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        assertThat(ExportWorker.consumerSettings(settings, 1))
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "pod-7-1");
        assertThat(ExportWorker.consumerSettings(settings(Map.of()), 1))
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    @Test
    void fetchesAreBoundedTo8MbPerLoopUnlessTheKafkaSettingsSayOtherwise() {
        assertThat(ExportWorker.consumerSettings(settings(Map.of()), 0))
                .containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024)
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        assertThat(ExportWorker.consumerSettings(settings(Map.of(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "1048576")), 0))
                .containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "1048576");
    }

    private static ExportWorker.WorkerSettings settings(Map<String, Object> kafka) {
        Duration s = Duration.ofSeconds(1);
        return new ExportWorker.WorkerSettings("http", 2, List.of("t"), Topics.defaults(), "svc",
                RecordFilter.acceptAll(), "g", 500, kafka, new ExportLoop.LoopSettings(s, s, s, s), s,
                Clock.systemUTC());
    }
}
