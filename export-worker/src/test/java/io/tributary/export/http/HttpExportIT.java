package io.tributary.export.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.testing.KafkaSupport;
import io.tributary.export.testing.KafkaTestBase;
import io.tributary.export.testing.TestEvents;
import io.tributary.runtime.service.Health.Status;
import io.tributary.schema.Event;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.EventCodecs;
import io.tributary.schema.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The HTTP exporter against a real broker and a real HTTP server on loopback with scripted faults: outage,
 * flaky 5xx with throttling, rejected events, and refused credentials. Every test ends with every event
 * delivered exactly once (the receiver de-duplicates by Idempotency-Key, as real ingest APIs do), offsets
 * committed to the log end, and the dead-letter topic holding exactly what it should.
 */
class HttpExportIT extends KafkaTestBase {
    private static final int PARTITIONS = 4;
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private ScriptedReceiver receiver;
    private final List<HttpExportWorker> workers = new ArrayList<>();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new ScriptedReceiver();
    }

    @AfterEach
    void stop() {
        workers.forEach(HttpExportWorker::close);
        receiver.close();
    }

    private String topics(String prefix) throws Exception {
        kafka.createTopic(prefix + "events.sampled", PARTITIONS, (short) 1);
        kafka.createTopic(prefix + "events.dlq", 1, (short) 1);
        return prefix + "events.sampled";
    }

    private HttpExportWorker start(String prefix, Map<String, Object> extra) {
        return start(prefix, extra, new SimpleMeterRegistry());
    }

    private HttpExportWorker start(String prefix, Map<String, Object> extra, SimpleMeterRegistry registry) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(HttpExportConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(HttpExportConfig.TOPIC_PREFIX, prefix);
        settings.put(HttpExportConfig.GROUP_ID, prefix + "http");
        settings.put(HttpExportConfig.ENDPOINT, receiver.uri().toString());
        settings.put(HttpExportConfig.ALLOW_INSECURE, "true");
        settings.put(HttpExportConfig.BATCH_EVENTS, "250");
        settings.put(HttpExportConfig.BATCH_AGE_MS, "100");
        settings.put(HttpExportConfig.RETRY_INITIAL_MS, "10");
        settings.put(HttpExportConfig.RETRY_MAX_MS, "200");
        settings.put(HttpExportConfig.AUTH_RETRY_MS, "200");
        settings.put(HttpExportConfig.SHUTDOWN_TIMEOUT_MS, "5000");
        settings.putAll(extra);
        HttpExportWorker worker = HttpExportWorker.create(new HttpExportConfig(settings), registry);
        workers.add(worker);
        worker.start();
        return worker;
    }

    private static List<String> ids(List<Event> events) {
        return events.stream().map(Event::getEventId).toList();
    }

    /** Everything delivered exactly once, in offset order per partition, and committed to the log end. */
    private void assertDeliveredExactly(String prefix, List<String> expectedIds) {
        String topic = prefix + "events.sampled";
        Map<TopicPartition, Long> ends = KafkaSupport.endOffsets(kafka.bootstrapServers(), topic, PARTITIONS);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() ->
                KafkaSupport.committed(kafka.bootstrapServers(), prefix + "http").equals(ends));
        List<String> delivered = receiver.acceptedIds();
        assertThat(delivered).hasSize(expectedIds.size()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expectedIds);
        Map<String, List<ScriptedReceiver.Received>> byPartition = receiver.accepted().stream()
                .collect(Collectors.groupingBy(ScriptedReceiver.Received::partition));
        byPartition.forEach((p, batches) -> {
            for (int i = 1; i < batches.size(); i++) {
                assertThat(batches.get(i).firstOffset()).as("order in %s", p)
                        .isGreaterThan(batches.get(i - 1).lastOffset());
            }
        });
        assertThat(receiver.maxInFlightPerPartition()).isEqualTo(1);
    }

    @Test
    void outageThenRecoveryLosesNothing() throws Exception {
        String prefix = "outage.";
        topics(prefix);
        List<Event> events = TestEvents.numbered(4_000);
        AtomicInteger n = new AtomicInteger();
        // the first 40 requests meet a dead endpoint: dropped connections and 5xx; then it recovers
        receiver.script(r -> {
            int i = n.incrementAndGet();
            return i > 40 ? ScriptedReceiver.Reply.of(200)
                    : i % 2 == 0 ? ScriptedReceiver.Reply.drop() : ScriptedReceiver.Reply.of(i % 3 == 0 ? 502 : 503);
        });
        KafkaSupport.produce(kafka.bootstrapServers(), prefix + "events.sampled", events);

        HttpExportWorker worker = start(prefix, Map.of());

        await().atMost(BOUND).until(() -> receiver.acceptedIds().size() == events.size());
        assertDeliveredExactly(prefix, ids(events));
        assertThat(n.get()).isGreaterThan(40);
        assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.encoding()).isEqualTo("gzip"));
        assertThat(KafkaSupport.endOffsets(kafka.bootstrapServers(), prefix + "events.dlq", 1).values())
                .containsOnly(0L);
        assertThat(worker.health().status()).isEqualTo(Status.UP);
    }

    @Test
    void filtersDecideWhatIsForwardedAndTheRestIsCommittedAllTheSame() throws Exception {
        String prefix = "filtered.";
        topics(prefix);
        List<Event> events = TestEvents.numbered(2_000);
        receiver.script(r -> ScriptedReceiver.Reply.of(200));
        KafkaSupport.produce(kafka.bootstrapServers(), prefix + "events.sampled", events);

        start(prefix, Map.of("export.filter.types", "exception,http_response"));

        List<String> kept = events.stream()
                .filter(e -> e.getType().name().equals("EXCEPTION") || e.getType().name().equals("HTTP_RESPONSE"))
                .map(Event::getEventId).toList();
        assertThat(kept).isNotEmpty().hasSizeLessThan(events.size());
        // Committed to the log end although most events were filtered out, and exactly the kept ones arrived.
        assertDeliveredExactly(prefix, kept);
    }

    @Test
    void flakyServerErrorsAndThrottlingLoseNothingAndRetryAfterIsHonoured() throws Exception {
        String prefix = "flaky.";
        topics(prefix);
        List<Event> events = TestEvents.numbered(4_000);
        Random random = new Random(42);
        AtomicInteger n = new AtomicInteger();
        receiver.script(r -> {
            int i = n.incrementAndGet();
            if (i % 10 == 3) {
                return new ScriptedReceiver.Reply(429, Map.of("Retry-After", "1"), "slow down");
            }
            synchronized (random) {
                return random.nextDouble() < 0.3 ? ScriptedReceiver.Reply.of(random.nextBoolean() ? 500 : 503)
                        : ScriptedReceiver.Reply.of(200);
            }
        });
        KafkaSupport.produce(kafka.bootstrapServers(), prefix + "events.sampled", events);

        start(prefix, Map.of(HttpExportConfig.COMPRESSION, "zstd", HttpExportConfig.CONCURRENCY, "3"));

        await().atMost(BOUND).until(() -> receiver.acceptedIds().size() == events.size());
        assertDeliveredExactly(prefix, ids(events));
        Map<ScriptedReceiver.Received, Integer> statuses = receiver.statuses();
        List<ScriptedReceiver.Received> all = receiver.requests();
        List<ScriptedReceiver.Received> throttled = statuses.entrySet().stream().filter(e -> e.getValue() == 429)
                .map(Map.Entry::getKey).toList();
        assertThat(throttled).isNotEmpty();
        assertThat(statuses.values().stream().filter(s -> s >= 500).count()).isPositive();
        for (ScriptedReceiver.Received t : throttled) {
            ScriptedReceiver.Received next = all.stream().filter(r -> r.key().equals(t.key()) && r.atNanos() > t.atNanos())
                    .findFirst().orElseThrow();
            assertThat(Duration.ofNanos(next.atNanos() - t.atNanos())).as("wait after Retry-After: 1 for %s", t.batch())
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(all).allSatisfy(r -> assertThat(r.encoding()).isEqualTo("zstd"));
    }

    @Test
    void rebalancesWhileBatchesAreInFlightLoseNothingAndResendOnlyUnderTheSameKeys() throws Exception {
        String prefix = "rebalance.";
        topics(prefix);
        List<Event> events = TestEvents.numbered(6_000);
        Random random = new Random(7);
        receiver.script(r -> {
            synchronized (random) {
                return ScriptedReceiver.Reply.of(random.nextDouble() < 0.2 ? 503 : 200);
            }
        });
        Map<String, Object> slow = Map.of(HttpExportConfig.BATCH_EVENTS, "100", HttpExportConfig.RETRY_INITIAL_MS, "50");
        KafkaSupport.produce(kafka.bootstrapServers(), prefix + "events.sampled", events.subList(0, 3_000));
        HttpExportWorker first = start(prefix, slow);
        await().atMost(BOUND).until(() -> receiver.acceptedIds().size() >= 500);

        SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
        HttpExportWorker second = start(prefix, slow, secondMeters);
        // the group splits the partitions between both workers while the first has batches in flight
        await().atMost(BOUND).until(() -> secondMeters.get("tributary.export.partitions.assigned").gauge().value() > 0);
        KafkaSupport.produce(kafka.bootstrapServers(), prefix + "events.sampled", events.subList(3_000, 6_000));
        await().atMost(BOUND).until(() -> receiver.acceptedIds().size() >= 3_500);
        workers.remove(first);
        first.close();

        await().atMost(BOUND).until(() -> receiver.acceptedIds().size() == events.size());
        assertDeliveredExactly(prefix, ids(events));
        // every request that was repeated carried a key whose events were identical: no re-cut batches
        Map<String, List<String>> byKey = new HashMap<>();
        for (ScriptedReceiver.Received r : receiver.requests()) {
            assertThat(byKey.computeIfAbsent(r.key(), k -> r.ids())).isEqualTo(r.ids());
        }
        assertThat(second.health().status()).isEqualTo(Status.UP);
    }

    @Test
    void rejectedEventsAndOnlyThoseGoToTheDeadLetterTopic() throws Exception {
        String prefix = "reject.";
        topics(prefix);
        List<Event> events = TestEvents.numbered(2_000);
        Set<String> bad = Set.of("e-13", "e-14", "e-777", "e-1999");
        receiver.script(r -> {
            List<String> rejected = r.ids().stream().filter(bad::contains).toList();
            return rejected.isEmpty() ? ScriptedReceiver.Reply.of(200)
                    : ScriptedReceiver.Reply.of(422, "{\"error\":\"schema violation\",\"id\":\"" + rejected.get(0) + "\"}");
        });
        KafkaSupport.produce(kafka.bootstrapServers(), prefix + "events.sampled", events);
        KafkaSupport.produceRaw(kafka.bootstrapServers(), prefix + "events.sampled",
                List.of("not an event".getBytes(StandardCharsets.UTF_8), "{\"type\":\"call\"}".getBytes(StandardCharsets.UTF_8)));

        start(prefix, Map.of());

        List<String> good = ids(events).stream().filter(id -> !bad.contains(id)).toList();
        await().atMost(BOUND).until(() -> receiver.acceptedIds().size() == good.size());
        assertDeliveredExactly(prefix, good);
        List<ConsumerRecord<byte[], byte[]>> dead = HttpKafka.readAll(kafka.bootstrapServers(), prefix + "events.dlq");
        List<ConsumerRecord<byte[], byte[]>> rejected = dead.stream()
                .filter(r -> "HttpRejected".equals(header(r, DeadLetterHeaders.ERROR_CLASS))).toList();
        EventCodecs codecs = EventCodecs.create();
        assertThat(rejected).extracting(r -> codecs.decode(r.value(), DecodeContext.defaults()).getEventId())
                .containsExactlyInAnyOrderElementsOf(bad);
        assertThat(rejected).allSatisfy(r -> {
            String id = codecs.decode(r.value(), DecodeContext.defaults()).getEventId().toString();
            assertThat(header(r, DeadLetterHeaders.ERROR_REASON)).isEqualTo("HTTP_422");
            assertThat(header(r, KafkaDeadLetterSink.HTTP_STATUS)).isEqualTo("422");
            assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE))
                    .isEqualTo("{\"error\":\"schema violation\",\"id\":\"" + id + "\"}");
            assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(prefix + "events.sampled");
            assertThat(header(r, DeadLetterHeaders.SOURCE_OFFSET)).isNotBlank();
        });
        List<ConsumerRecord<byte[], byte[]>> undecodable = dead.stream()
                .filter(r -> "EventDecodeException".equals(header(r, DeadLetterHeaders.ERROR_CLASS))).toList();
        assertThat(undecodable).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("not an event", "{\"type\":\"call\"}");
        assertThat(dead).hasSize(6);
    }

    @Test
    void refusedCredentialsPauseThePartitionUntilTheTokenIsFixedAndTheTokenIsNeverLogged() throws Exception {
        String prefix = "auth.";
        topics(prefix);
        String wrong = "wrong-3b1e0f7d2c";
        String right = "right-token-a94c5e17f0b2";
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, wrong + "\n");
        List<Event> events = TestEvents.numbered(1_000);
        AtomicInteger afterAuth = new AtomicInteger();
        receiver.script(r -> {
            if (!("Bearer " + right).equals(r.authorization())) {
                // a receiver that echoes the credential it refused: the worker must not log it
                return ScriptedReceiver.Reply.of(401, "{\"error\":\"invalid token " + r.authorization() + "\"}");
            }
            return afterAuth.incrementAndGet() <= 6 ? ScriptedReceiver.Reply.of(503) : ScriptedReceiver.Reply.of(200);
        });
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try {
            KafkaSupport.produce(kafka.bootstrapServers(), prefix + "events.sampled", events);
            HttpExportWorker running = start(prefix, Map.of(HttpExportConfig.TOKEN_FILE, tokenFile.toString()),
                    registry);

            await().atMost(BOUND).until(() -> running.health().status() == Status.DEGRADED
                    && receiver.requests().stream().filter(r -> r.authorization().equals("Bearer " + wrong)).count() >= 8);
            assertThat(receiver.acceptedIds()).isEmpty();
            assertThat(KafkaSupport.committed(kafka.bootstrapServers(), prefix + "http").values()).allMatch(o -> o == 0);
            assertThat(KafkaSupport.endOffsets(kafka.bootstrapServers(), prefix + "events.dlq", 1).values())
                    .containsOnly(0L);
            assertThat(registry.get("tributary.export.partitions.paused").gauge().value()).isPositive();

            Path next = dir.resolve("token.next");
            Files.writeString(next, right);
            Files.move(next, tokenFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            await().atMost(BOUND).until(() -> receiver.acceptedIds().size() == events.size());
            assertDeliveredExactly(prefix, ids(events));
            await().atMost(BOUND).until(() -> running.health().status() == Status.UP);
            assertThat(KafkaSupport.endOffsets(kafka.bootstrapServers(), prefix + "events.dlq", 1).values())
                    .containsOnly(0L);
        } finally {
            workers.forEach(HttpExportWorker::close);
            workers.clear();
            root.detachAppender(logs);
        }
        List<String> lines = logs.list.stream().map(HttpExportIT::render).toList();
        assertThat(lines).anyMatch(l -> l.contains("refused the credentials"))
                .anyMatch(l -> l.contains("accepts the credentials again"))
                .anyMatch(l -> l.contains("failed (HTTP 503)"));
        assertThat(lines).noneMatch(l -> l.contains(wrong)).noneMatch(l -> l.contains(right));
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().toString()).doesNotContain(wrong).doesNotContain(right);
        }
    }

    /** A log event as an operator would see it: message, arguments, stack traces. */
    private static String render(ILoggingEvent e) {
        StringBuilder out = new StringBuilder(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            out.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        e.getMDCPropertyMap().forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
        return out.toString();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
