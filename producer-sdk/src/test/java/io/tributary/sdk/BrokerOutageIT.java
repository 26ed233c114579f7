package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.schema.Category;
import io.tributary.schema.Event;
import io.tributary.schema.Priority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk spool keeps events through broker outages: at start-up, and in the middle of a run. */
class BrokerOutageIT {
    private static EmbeddedKafkaCluster kafka;

    @TempDir
    Path spool;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.builder().nodes(1).build();
        kafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void brokerDownAtStartEventsAreSpooledThenAllDelivered() {
        String prefix = "down-at-start.";
        kafka.createTopic(prefix + "events.raw", 2, (short) 1);
        kafka.stop();
        // Two sender threads: one waits for its turn while the other probes the unreachable broker.
        try (TributaryClient client = client(prefix).senderThreads(2).build()) {
            for (int i = 0; i < 2_000; i++) {
                assertThat(client.track("s" + (i % 20), "offline", Category.USAGE, Priority.NORMAL, Map.of("i", i)))
                        .isTrue();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().spooled() == 2_000);
            assertThat(client.health()).isEqualTo(Health.DEGRADED);
            assertThat(client.stats().sent()).isZero();
            // everything accepted is spooled, so flush is done even though Kafka is still unreachable
            assertThat(client.flush(Duration.ofSeconds(10))).isTrue();

            kafka.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> client.stats().sent() >= 2_000);
            assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
            ClientStats stats = client.stats();
            assertThat(stats.droppedTotal()).isZero();
            assertThat(stats.spooled()).isZero();
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
        assertAllDelivered(prefix, 2_000);
    }

    @Test
    void brokerStoppedMidRunAndRestartedLosesNothing() throws Exception {
        String prefix = "mid-run.";
        kafka.createTopic(prefix + "events.raw", 2, (short) 1);
        // Two sender threads: failures, spooling and replay must still happen one turn at a time.
        try (TributaryClient client = client(prefix).senderThreads(2).kafkaProperty("delivery.timeout.ms", 5_000)
                .kafkaProperty("request.timeout.ms", 2_000).build()) {
            for (int i = 0; i < 3_000; i++) {
                client.track("s" + (i % 20), "run", Category.USAGE, Priority.NORMAL, Map.of("i", i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().sent() == 3_000);
            kafka.stop();
            for (int i = 3_000; i < 6_000; i++) {
                client.track("s" + (i % 20), "run", Category.USAGE, Priority.NORMAL, Map.of("i", i));
            }
            // Nothing can be acknowledged now: each event is pending, or failed over to the spool.
            await().atMost(Duration.ofSeconds(60)).until(() -> client.stats().spooled() > 0);
            kafka.start();
            for (int i = 6_000; i < 9_000; i++) {
                client.track("s" + (i % 20), "run", Category.USAGE, Priority.NORMAL, Map.of("i", i));
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> client.flush(Duration.ofSeconds(1))
                    && client.stats().spooled() == 0);
            ClientStats stats = client.stats();
            assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
        assertAllDelivered(prefix, 9_000);
    }

    private void assertAllDelivered(String prefix, int count) {
        List<Event> events = RawTopicReader.readAtLeast(kafka.bootstrapServers(), prefix + "events.raw", count);
        Set<String> values = events.stream()
                .map(e -> ((io.tributary.schema.Custom) e.getPayload()).getData())
                .collect(Collectors.toSet());
        Set<String> expected = IntStream.range(0, count).mapToObj(i -> "{\"i\":" + i + "}").collect(Collectors.toSet());
        assertThat(values).isEqualTo(expected);
    }

    private TributaryClientBuilder client(String prefix) {
        return TributaryClient.builder().bootstrapServers(kafka.bootstrapServers()).service("outage")
                .topicPrefix(prefix).spoolDir(spool).probeInterval(Duration.ofMillis(200))
                .maxBufferEvents(20_000);
    }
}
