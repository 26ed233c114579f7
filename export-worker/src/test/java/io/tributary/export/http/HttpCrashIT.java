package io.tributary.export.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.testing.KafkaSupport;
import io.tributary.export.testing.TestEvents;
import io.tributary.schema.Event;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kills a worker (SIGKILL of its JVM) while the receiver holds its third batch in flight, then starts a worker
 * with different batch limits: the first request it sends is the killed worker's batch with the same
 * {@code Idempotency-Key} and the same events, and in the end every event is delivered once and committed.
 */
class HttpCrashIT {
    private static final String PREFIX = "crash-http.";
    private static final String TOPIC = PREFIX + "events.sampled";
    private static final String GROUP = PREFIX + "http";
    static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafkaCluster.builder().nodes(1).build();
        kafka.start();
        kafka.createTopic(TOPIC, 1, (short) 1);
        kafka.createTopic(PREFIX + "events.dlq", 1, (short) 1);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aCrashMidBatchIsRedeliveredUnderTheSameIdempotencyKey() throws Exception {
        List<Event> events = TestEvents.numbered(1_000);
        KafkaSupport.produce(kafka.bootstrapServers(), TOPIC, events);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger n = new AtomicInteger();
        try (ScriptedReceiver receiver = new ScriptedReceiver()) {
            receiver.script(r -> {
                if (n.incrementAndGet() == 3) {
                    // hold the third batch in flight until the worker is dead
                    release.await(60, TimeUnit.SECONDS);
                    return ScriptedReceiver.Reply.drop();
                }
                return ScriptedReceiver.Reply.of(200);
            });
            Process child = startChild(receiver);
            ScriptedReceiver.Received held;
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests().size() >= 3);
                held = receiver.requests().get(2);
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                release.countDown();
            }
            assertThat(held.ids()).hasSize(100);
            assertThat(KafkaSupport.committed(kafka.bootstrapServers(), GROUP))
                    .containsEntry(new TopicPartition(TOPIC, 0), 200L);
            int before = receiver.requests().size();

            try (HttpExportWorker successor = HttpExportWorker.create(new HttpExportConfig(Map.of(
                    HttpExportConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    HttpExportConfig.TOPIC_PREFIX, PREFIX,
                    HttpExportConfig.GROUP_ID, GROUP,
                    HttpExportConfig.ENDPOINT, receiver.uri().toString(),
                    HttpExportConfig.ALLOW_INSECURE, "true",
                    // limits that would cut the log differently: only the committed intent re-forms the batch
                    HttpExportConfig.BATCH_EVENTS, "1000",
                    HttpExportConfig.BATCH_AGE_MS, "20",
                    "group.instance.id", "crash-http-worker",
                    "session.timeout.ms", "10000")), new SimpleMeterRegistry())) {
                successor.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.acceptedIds().size() == events.size());
                await().atMost(Duration.ofSeconds(60)).until(() -> Long.valueOf(1_000L).equals(
                        KafkaSupport.committed(kafka.bootstrapServers(), GROUP).get(new TopicPartition(TOPIC, 0))));
            }

            ScriptedReceiver.Received redelivery = receiver.requests().get(before);
            assertThat(redelivery.key()).isEqualTo(held.key());
            assertThat(redelivery.ids()).isEqualTo(held.ids());
            assertThat(redelivery.batch()).isEqualTo(held.batch());
            assertThat(receiver.acceptedIds()).containsExactlyElementsOf(events.stream().map(Event::getEventId)
                    .map(CharSequence::toString).toList());
            // the successor's own batching takes over after the redelivered batch: 300..999 in one request
            assertThat(receiver.accepted()).extracting(ScriptedReceiver.Received::batch).containsExactly(
                    TOPIC + "-0@0..99", TOPIC + "-0@100..199", TOPIC + "-0@200..299", TOPIC + "-0@300..999");
        }
    }

    private static Process startChild(ScriptedReceiver receiver) throws IOException {
        Map<String, String> settings = new HashMap<>();
        settings.put(HttpExportConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(HttpExportConfig.TOPIC_PREFIX, PREFIX);
        settings.put(HttpExportConfig.GROUP_ID, GROUP);
        settings.put(HttpExportConfig.ENDPOINT, receiver.uri().toString());
        settings.put(HttpExportConfig.ALLOW_INSECURE, "true");
        settings.put(HttpExportConfig.BATCH_EVENTS, "100");
        settings.put(HttpExportConfig.BATCH_AGE_MS, "60000");
        // Static membership: the successor takes the partition over at once instead of waiting for the dead
        // member's session to time out.
        settings.put("group.instance.id", "crash-http-worker");
        settings.put("session.timeout.ms", "10000");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                HttpWorkerProcess.class.getName()));
        settings.forEach((k, v) -> command.add(k + "=" + v));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/http-crash-worker.log"))).start();
    }
}
