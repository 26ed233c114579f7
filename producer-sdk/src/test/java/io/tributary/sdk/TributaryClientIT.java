package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.schema.Category;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.Priority;
import io.tributary.schema.Return;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against a real broker: delivery, ordering, back-pressure accounting and thread hygiene. */
class TributaryClientIT {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static EmbeddedKafkaCluster kafka;

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
    void hundredThousandEventsFromFourThreadsArriveExactlyOnceInSessionOrder() throws Exception {
        String prefix = "exactly.";
        kafka.createTopic(prefix + "events.raw", 4, (short) 1);
        int threads = 4;
        int perThread = 25_000;
        // Three sender threads: they must still hand events to Kafka in buffer order.
        try (TributaryClient client = client(prefix).maxBufferEvents(200_000).maxBufferBytes(256L << 20)
                .senderThreads(3).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String session = "s-" + thread + "-" + (i % 50);
                        client.track(session, "step", Category.USAGE, Priority.NORMAL, Map.of("seq", i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertThat(client.flush(Duration.ofSeconds(60))).isTrue();
            ClientStats stats = client.stats();
            assertThat(stats.received()).isEqualTo(100_000);
            assertThat(stats.sent()).isEqualTo(100_000);
            assertThat(stats.droppedTotal()).isZero();
            assertThat(stats.balanced()).isTrue();
        }

        List<Event> events = RawTopicReader.readAtLeast(kafka.bootstrapServers(), prefix + "events.raw", 100_000);
        assertThat(events).hasSize(100_000);
        assertThat(events.stream().map(Event::getEventId).distinct().count()).isEqualTo(100_000);
        Map<String, Integer> lastSeq = new HashMap<>();
        for (Event event : events) {
            Matcher m = SEQ.matcher(((Custom) event.getPayload()).getData());
            assertThat(m.find()).isTrue();
            int seq = Integer.parseInt(m.group(1));
            Integer previous = lastSeq.put(event.getSessionId(), seq);
            assertThat(previous == null || previous < seq)
                    .as("session %s: seq %s after %s", event.getSessionId(), seq, previous).isTrue();
        }
        assertThat(lastSeq).hasSize(threads * 50);
    }

    @Test
    void sessionsRecordCallsReturnsExceptionsAndHttp() throws Exception {
        String prefix = "session.";
        kafka.createTopic(prefix + "events.raw", 1, (short) 1);
        String sessionId;
        try (TributaryClient client = client(prefix).build()) {
            Session session = client.startSession("web", Map.of("env", "test"),
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            sessionId = session.id();
            try (CallScope call = session.call("charge", "billing", "Billing.java", 42, Map.of("amount", 10))) {
                call.fail(new IllegalStateException("card declined"));
            }
            HttpExchange exchange = session.httpRequest("GET", "https://api.example.com/v1/users/42",
                    Map.of("accept", "application/json"), 0);
            exchange.response(503, Map.of(), 120);
            assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
        }
        List<Event> events = RawTopicReader.readAtLeast(kafka.bootstrapServers(), prefix + "events.raw", 6);
        assertThat(events).extracting(Event::getType).containsExactly(EventType.SESSION_START, EventType.CALL,
                EventType.EXCEPTION, EventType.RETURN, EventType.HTTP_REQUEST, EventType.HTTP_RESPONSE);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getSessionId()).isEqualTo(sessionId);
            assertThat(e.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(e.getService()).isEqualTo("it-service");
        });
        assertThat(((Return) events.get(3).getPayload()).getDtNs()).isNotNegative();
        assertThat(events.get(2).getCategory()).isEqualTo(Category.ERROR);
    }

    @Test
    void anEventWhosePropertiesCannotBeRenderedIsDroppedAloneAndCounted() throws Exception {
        String prefix = "unrenderable.";
        kafka.createTopic(prefix + "events.raw", 1, (short) 1);
        // what a cyclic toString() in user objects throws while the sender renders the properties
        Object cyclic = new Object() {
            @Override
            public String toString() {
                throw new StackOverflowError();
            }
        };
        try (TributaryClient client = client(prefix).build()) {
            for (int i = 0; i < 100; i++) {
                assertThat(client.track("s1", "e", Category.USAGE, Priority.NORMAL,
                        Map.of("i", i, "v", i == 50 ? cyclic : "ok"))).isTrue();
            }
            assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
            ClientStats stats = client.stats();
            assertThat(stats.sent()).isEqualTo(99);
            assertThat(stats.droppedTotal()).isEqualTo(1);
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
            // the sender survived: later events still go out
            assertThat(client.track("s1", "after", Category.USAGE, Priority.NORMAL, Map.of())).isTrue();
            assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(client.stats().sent()).isEqualTo(100);
        }
        assertThat(RawTopicReader.readAtLeast(kafka.bootstrapServers(), prefix + "events.raw", 100)).hasSize(100);
    }

    @Test
    void overflowUnderEveryPolicyKeepsTheCountersExact() throws Exception {
        for (BackpressurePolicy policy : List.of(BackpressurePolicy.dropNewest(), BackpressurePolicy.dropOldest(),
                BackpressurePolicy.block(Duration.ofMillis(1)))) {
            String prefix = "overflow-" + policy.kind().name().toLowerCase() + ".";
            kafka.createTopic(prefix + "events.raw", 2, (short) 1);
            ClientStats stats;
            try (TributaryClient client = client(prefix).maxBufferEvents(50).backpressure(policy).build()) {
                for (int i = 0; i < 20_000; i++) {
                    client.track("s" + (i % 10), "burst", Category.USAGE, Priority.LOW, Map.of("i", i));
                }
                client.flush(Duration.ofSeconds(30));
                client.close(Duration.ofSeconds(30));
                stats = client.stats();
            }
            assertThat(stats.received()).as(policy.toString()).isEqualTo(20_000);
            assertThat(stats.balanced()).as("%s: %s", policy, stats).isTrue();
            assertThat(stats.pending()).isZero();
            if (policy.kind() != BackpressurePolicy.Kind.BLOCK) {
                assertThat(stats.dropped().get(DropReason.QUEUE_FULL)).as(policy.toString()).isPositive();
            }
            // What the counters call sent is exactly what the topic holds.
            List<Event> events = RawTopicReader.readAtLeast(kafka.bootstrapServers(), prefix + "events.raw",
                    (int) stats.sent());
            assertThat(events).hasSize((int) stats.sent());
        }
    }

    @Test
    void twoHundredClientsLeaveNoThreadBehind() {
        Set<String> before = clientThreads();
        for (int i = 0; i < 200; i++) {
            TributaryClient client = client("leak.").senderThreads(1 + i % 3).build();
            client.track("created", Map.of("i", i));
            client.close(Duration.ofSeconds(5));
        }
        assertThat(clientThreads()).isEqualTo(before);
    }

    private static Set<String> clientThreads() {
        Set<String> names = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && (thread.getName().startsWith("tributary-sender")
                    || thread.getName().startsWith("kafka-producer-network-thread")
                    || thread.getName().startsWith("kafka-admin-client-thread"))) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    private static TributaryClientBuilder client(String prefix) {
        return TributaryClient.builder().bootstrapServers(kafka.bootstrapServers()).service("it-service")
                .topicPrefix(prefix);
    }
}
