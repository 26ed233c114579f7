package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.schema.Category;
import io.tributary.schema.Event;
import io.tributary.schema.Priority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk spool keeps events through broker outages: at start-up, and in the middle of a run. */
class BrokerOutageIT {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final int SESSIONS = 5;
    private static EmbeddedKafkaCluster kafka;

    @TempDir
    Path spool;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.builder().nodes(1).build();
        kafka.start();
    }

    @AfterEach
    void brokerRunsAgain() {
        kafka.start(); // after a test that failed with the broker stopped; does nothing when it runs
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

    /**
     * Once a send has failed, the client asks Kafka whether it is back. The producer still holds the topic's
     * metadata from before the broker left, and would answer from it at once: the probe must ask the cluster.
     * Believing the stale answer, the client would hand new events to Kafka to wait out delivery.timeout.ms in
     * memory (blocking for buffer space under load) instead of spooling them.
     */
    @Test
    void aBrokerLostMidRunKeepsTheClientDegradedUntilItReallyReturns() {
        String prefix = "lost-mid-run.";
        kafka.createTopic(prefix + "events.raw", 2, (short) 1);
        // Without re-bootstrapping (on by default in kafka-clients 4.3), the producer keeps its metadata once the
        // only broker is gone, as it does while any broker it knows answers; partitionsFor then answers at once.
        try (TributaryClient client = client(prefix).kafkaProperty("delivery.timeout.ms", 3_000)
                .kafkaProperty("request.timeout.ms", 1_000).kafkaProperty("max.block.ms", 500)
                .kafkaProperty("metadata.recovery.strategy", "none").build()) {
            for (int i = 0; i < 500; i++) {
                client.track("s" + (i % 20), "run", Category.USAGE, Priority.NORMAL, Map.of("i", i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().sent() == 500);
            kafka.stop();
            for (int i = 500; i < 1_000; i++) {
                client.track("s" + (i % 20), "run", Category.USAGE, Priority.NORMAL, Map.of("i", i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> client.health() == Health.DEGRADED);
            // Probes every 200 ms meanwhile; none may find the absent broker.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> client.health() == Health.DEGRADED);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().spooled() == 500);

            kafka.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> client.flush(Duration.ofSeconds(1))
                    && client.stats().spooled() == 0);
            ClientStats stats = client.stats();
            assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
            assertThat(stats.sent()).as(stats.toString()).isEqualTo(1_000);
            assertThat(client.health()).isNotEqualTo(Health.DEGRADED);
        }
        assertAllDelivered(prefix, 1_000);
    }

    @Test
    void spooledEventsAreNotOvertakenByNewOnesWhenTheBrokerReturns() throws Exception {
        String prefix = "replay-order.";
        kafka.createTopic(prefix + "events.raw", 2, (short) 1);
        kafka.stop();
        long received;
        // Probes are short (max.block.ms) next to the probe interval, so the spool keeps pace with the load.
        try (TributaryClient client = client(prefix).senderThreads(2).kafkaProperty("max.block.ms", 100).build()) {
            // Events keep coming throughout, so a new batch is waiting in the buffer when the broker returns.
            SessionLoad load = new SessionLoad(client);
            load.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().spooled() >= 3_000);
            kafka.start();
            long atRestart = client.stats().received();
            await().atMost(Duration.ofSeconds(60)).until(() -> client.stats().sent() >= atRestart + 2_000);
            load.stop();
            await().atMost(Duration.ofSeconds(60)).until(() -> client.flush(Duration.ofSeconds(1))
                    && client.stats().spooled() == 0);
            ClientStats stats = client.stats();
            assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
            assertThat(stats.sent()).as(stats.toString()).isEqualTo(stats.received());
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
            received = stats.received();
        }
        assertSessionsInOrder(RawTopicReader.readAtLeast(kafka.bootstrapServers(), prefix + "events.raw",
                (int) received), received);
    }

    @Test
    void closeSpoolsEventsOfASenderInterruptedWhileKafkaIsDownAndTheNextStartReplaysThemFirst() {
        String prefix = "interrupted.";
        kafka.createTopic(prefix + "events.raw", 2, (short) 1);
        kafka.stop();
        int[] seq = new int[SESSIONS];
        // send() waits up to max.block.ms for metadata: the sender thread is still inside it at close's deadline.
        try (TributaryClient client = client(prefix).senderThreads(1).kafkaProperty("max.block.ms", 120_000)
                .build()) {
            track(client, seq, 3_000);
            assertThat(client.close(Duration.ofMillis(300))).isTrue();
            ClientStats stats = client.stats();
            assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
            assertThat(stats.spooled()).as(stats.toString()).isEqualTo(3_000);
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
        kafka.start();
        try (TributaryClient client = client(prefix).senderThreads(1).build()) {
            // New events arrive while the recovered ones (several replay batches) are still being replayed.
            track(client, seq, 3_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> client.flush(Duration.ofSeconds(1))
                    && client.stats().spooled() == 0);
            ClientStats stats = client.stats();
            assertThat(stats.recovered()).isEqualTo(3_000);
            assertThat(stats.sent()).as(stats.toString()).isEqualTo(6_000);
            assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
        assertSessionsInOrder(RawTopicReader.readAtLeast(kafka.bootstrapServers(), prefix + "events.raw", 6_000),
                6_000);
    }

    @Test
    void eventsAreSpooledWhileAProbeWaitsForKafkaAndCloseEndsTheProbe() {
        String prefix = "interrupted-probe.";
        kafka.createTopic(prefix + "events.raw", 2, (short) 1);
        kafka.stop();
        int[] seq = new int[SESSIONS];
        // A probe waits max.block.ms (5 s) for metadata; with a 1 ms interval one is nearly always running.
        // Small segments: spooling rolls over to new ones, which syncs the full ones to disk.
        try (TributaryClient client = client(prefix).senderThreads(1).probeInterval(Duration.ofMillis(1))
                .kafkaProperty("max.block.ms", 5_000).spoolSegmentBytes(4096).build()) {
            track(client, seq, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().spooled() == 1);
            track(client, seq, 300);
            // Spooled at disk speed, not one batch per probe.
            await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().spooled() == 301);
            await().atMost(Duration.ofSeconds(10)).until(() -> !probeThreads().isEmpty());
            assertThat(client.close(Duration.ofMillis(1))).isTrue();
            ClientStats stats = client.stats();
            assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
            assertThat(stats.spooled()).as(stats.toString()).isEqualTo(301);
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
        // The probe thread is joined by close; the admin client's thread ends within moments after its close.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(probeThreads())
                .as("close ended the probe").isEmpty());
    }

    private static List<Thread> probeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().endsWith("-probe")).toList();
    }

    @Test
    void closeKeepsReplayedEventsKafkaStillHeldInTheSpoolForTheNextStart() throws Exception {
        String prefix = "close-replaying.";
        kafka.createTopic(prefix + "events.raw", 2, (short) 1);
        kafka.stop();
        int[] seq = new int[SESSIONS];
        try (TributaryClient client = client(prefix).senderThreads(1).kafkaProperty("max.block.ms", 200).build()) {
            track(client, seq, 300);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().spooled() == 300);
        }
        kafka.start();
        // Kafka is back, and holds the replayed events in its accumulator (a long linger) until close forces
        // it shut, which fails them: they were not delivered, and must not be lost.
        try (TributaryClient client = client(prefix).senderThreads(1).kafkaProperty("linger.ms", 60_000).build()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().replayed() == 300
                    && client.stats().inFlight() == 300);
            assertThat(client.close(Duration.ofMillis(200))).isTrue();
            ClientStats stats = client.stats();
            assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
            assertThat(stats.sent()).as(stats.toString()).isZero();
            assertThat(stats.spooled()).as(stats.toString()).isEqualTo(300);
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
        try (TributaryClient client = client(prefix).senderThreads(1).build()) {
            assertThat(client.stats().recovered()).isEqualTo(300);
            track(client, seq, 100);
            await().atMost(Duration.ofSeconds(60)).until(() -> client.flush(Duration.ofSeconds(1))
                    && client.stats().spooled() == 0);
            ClientStats stats = client.stats();
            assertThat(stats.sent()).as(stats.toString()).isEqualTo(400);
            assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
        assertSessionsInOrder(RawTopicReader.readAtLeast(kafka.bootstrapServers(), prefix + "events.raw", 400), 400);
    }

    @Test
    void closeSpoolsEventsKafkaStillHeldInsteadOfDroppingThem() {
        String prefix = "close-in-flight.";
        kafka.createTopic(prefix + "events.raw", 2, (short) 1);
        int[] seq = new int[SESSIONS];
        try (TributaryClient client = client(prefix).senderThreads(1).kafkaProperty("linger.ms", 60_000).build()) {
            track(client, seq, 200);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().inFlight() == 200
                    && client.stats().queueDepth() == 0);
            assertThat(client.close(Duration.ofMillis(200))).isTrue();
            ClientStats stats = client.stats();
            assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
            assertThat(stats.spooled()).as(stats.toString()).isEqualTo(200);
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
        try (TributaryClient client = client(prefix).senderThreads(1).build()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> client.flush(Duration.ofSeconds(1))
                    && client.stats().spooled() == 0);
            ClientStats stats = client.stats();
            assertThat(stats.sent()).as(stats.toString()).isEqualTo(200);
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
        assertSessionsInOrder(RawTopicReader.readAtLeast(kafka.bootstrapServers(), prefix + "events.raw", 200), 200);
    }

    /** Each session's events arrived once each, every one of them, in the order they were tracked. */
    private static void assertSessionsInOrder(List<Event> events, long expected) {
        assertThat(events).hasSize((int) expected);
        Map<String, List<Integer>> bySession = new HashMap<>();
        for (Event event : events) {
            Matcher m = SEQ.matcher(((io.tributary.schema.Custom) event.getPayload()).getData());
            assertThat(m.find()).isTrue();
            bySession.computeIfAbsent(event.getSessionId(), s -> new ArrayList<>()).add(Integer.parseInt(m.group(1)));
        }
        long total = 0;
        for (Map.Entry<String, List<Integer>> session : bySession.entrySet()) {
            List<Integer> seqs = session.getValue();
            List<Integer> tracked = IntStream.range(0, seqs.size()).boxed().toList();
            assertThat(seqs).as("session %s", session.getKey()).isEqualTo(tracked);
            total += seqs.size();
        }
        assertThat(total).isEqualTo(expected);
    }

    private static void track(TributaryClient client, int[] seq, int count) {
        for (int i = 0; i < count; i++) {
            int session = i % SESSIONS;
            assertThat(client.track("s" + session, "ordered", Category.USAGE, Priority.NORMAL,
                    Map.of("seq", seq[session]++))).isTrue();
        }
    }

    /** Tracks events for a few sessions, each with its own sequence, at a steady pace until stopped. */
    private static final class SessionLoad {
        private final TributaryClient client;
        private final int[] seq = new int[SESSIONS];
        private final Thread thread;
        private volatile boolean running = true;

        SessionLoad(TributaryClient client) {
            this.client = client;
            this.thread = new Thread(this::run, "session-load");
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).isFalse();
        }

        private void run() {
            while (running) {
                track(client, seq, SESSIONS);
                // Paces the load (a few thousand events a second) so the outage's spool stays small.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
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
