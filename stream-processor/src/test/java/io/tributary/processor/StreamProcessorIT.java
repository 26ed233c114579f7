package io.tributary.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.processor.sampling.SamplingRule;
import io.tributary.processor.sampling.SamplingRulesAdmin;
import io.tributary.processor.topics.TopicConflictException;
import io.tributary.processor.topics.TopicProvisioner;
import io.tributary.processor.topics.TopicSpec;
import io.tributary.schema.Event;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.SessionSummary;
import io.tributary.schema.kafka.AvroRecordSerde;
import io.tributary.schema.kafka.DeadLetterHeaders;
import io.tributary.schema.kafka.EventSerde;
import io.tributary.schema.kafka.Topics;
import io.tributary.schema.sampling.ConsistentSampling;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two processor instances in one application id against a real broker: 200,000 events (Avro and JSON, plus
 * bad records), one instance stopped mid-run. Metrics must equal the exact expected values, the DLQ must hold
 * exactly the bad records, and no event may appear twice in {@code events.sampled}.
 */
class StreamProcessorIT {
    private static final int SESSIONS = 20_000;
    private static final int BAD_RECORDS = 100;
    private static final long WINDOW_MS = 10_000;
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
    void twoInstancesOneStoppedMidRunProduceExactMetricsAndNoDuplicates() throws Exception {
        Topics topics = Topics.withPrefix("it.");
        long baseMs = System.currentTimeMillis() - 3_600_000;
        baseMs -= baseMs % WINDOW_MS;
        List<Event> events = new ArrayList<>(SESSIONS * ItWorkload.EVENTS_PER_SESSION);
        for (int s = 0; s < SESSIONS; s++) {
            events.addAll(ItWorkload.session(s, baseMs));
        }
        try (StreamProcessor first = processor("a"); StreamProcessor second = processor("b")) {
            first.start();   // creates the topics
            try (SamplingRulesAdmin admin = SamplingRulesAdmin.create(clientConfig(), topics)) {
                admin.publish(SamplingRule.defaultRule(0.5, 0));
                assertThat(admin.list()).containsKey("default");
            }
            produce(topics, events);
            second.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> first.metrics().count(ProcessorMetrics.VALID) >= 40_000
                    || second.metrics().count(ProcessorMetrics.VALID) >= 40_000);
            first.close(Duration.ofSeconds(30));
            assertThat(first.state()).isIn(KafkaStreams.State.NOT_RUNNING, KafkaStreams.State.PENDING_SHUTDOWN);

            Map<String, ItWorkload.Expected> expected = ItWorkload.expectedWindows(events, WINDOW_MS);
            Map<String, MetricWindow> windows = new HashMap<>();
            try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                consumer.subscribe(List.of(topics.metrics(Duration.ofMillis(WINDOW_MS))));
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        MetricWindow w = AvroRecordSerde.metricWindow().deserializer().deserialize(r.topic(), r.value());
                        MetricWindow previous = windows.put(r.key() + "@" + w.getWindowStartMs(), w);
                        assertThat(previous).as("window emitted twice: %s", r.key()).isNull();
                    }
                    return windows.keySet().containsAll(expected.keySet());
                });
            }
            assertMetricsExact(expected, windows);
            assertSampledExactlyOnce(topics, events);
            assertDeadLetters(topics);
            assertSessions(topics);
        }
    }

    @Test
    void refusesToStartWhenTheRulesTopicIsNotCompacted() {
        kafka.createTopic("conflict.sampling.rules", 1, (short) 1, Map.of("cleanup.policy", "delete"));
        ProcessorConfig config = new ProcessorConfig(Map.of(ProcessorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                ProcessorConfig.TOPIC_PREFIX, "conflict.", ProcessorConfig.APPLICATION_ID, "conflict"));
        try (StreamProcessor p = StreamProcessor.create(config, new SimpleMeterRegistry())) {
            assertThatThrownBy(p::start).isInstanceOf(TopicConflictException.class)
                    .hasMessageContaining("conflict.sampling.rules").hasMessageContaining("cleanup.policy=compact");
            assertThat(p.state()).isEqualTo(KafkaStreams.State.CREATED);
        }
    }

    /**
     * A broker learns of a topic the controller just created a moment later; describing it before then fails
     * with "unknown topic". CI once caught the provisioner failing on that. The admin here answers "unknown"
     * to the first two config look-ups, as a broker that is still catching up does.
     */
    @Test
    void provisioningWaitsForTheBrokerToLearnOfTopicsItJustCreated() {
        AtomicInteger unknownAnswers = new AtomicInteger(2);
        Map<String, Object> adminConfig = new HashMap<>(clientConfig());
        try (Admin admin = new ForwardingAdmin(adminConfig) {
            @Override
            public DescribeConfigsResult describeConfigs(Collection<ConfigResource> resources,
                    DescribeConfigsOptions options) {
                if (unknownAnswers.getAndDecrement() <= 0) {
                    return super.describeConfigs(resources, options);
                }
                Map<ConfigResource, KafkaFuture<Config>> failed = new HashMap<>();
                for (ConfigResource r : resources) {
                    KafkaFutureImpl<Config> f = new KafkaFutureImpl<>();
                    f.completeExceptionally(new UnknownTopicOrPartitionException("not yet known: " + r.name()));
                    failed.put(r, f);
                }
                return new DescribeConfigsResult(failed) { };
            }
        }) {
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            Map<String, Integer> partitions = provisioner.ensure(List.of(
                    new TopicSpec("fresh.events", 3, (short) 1, false),
                    new TopicSpec("fresh.rules", 1, (short) 1, true)), true);
            assertThat(partitions).isEqualTo(Map.of("fresh.events", 3, "fresh.rules", 1));
            assertThat(unknownAnswers.get()).as("the 'unknown' answers were all given").isNegative();

            unknownAnswers.set(1);
            assertThatThrownBy(() -> provisioner.ensure(List.of(new TopicSpec("fresh.events", 3, (short) 1, true)),
                    true)).isInstanceOf(TopicConflictException.class).hasMessageContaining("fresh.events");
        }
    }

    private static void assertMetricsExact(Map<String, ItWorkload.Expected> expected, Map<String, MetricWindow> got) {
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, e) -> {
            MetricWindow w = got.get(key);
            assertThat(new ItWorkload.Expected(w.getCount(), w.getErrorCount(), w.getStatus2xx(), w.getStatus4xx(),
                    w.getStatus5xx(), w.getBytesIn(), w.getBytesOut(), w.getLatencyCount(),
                    w.getMaxNs() == null ? -1 : w.getMaxNs().longValue())).as(key).isEqualTo(e);
            assertThat(w.getLateCount()).as(key).isZero();
        });
    }

    private void assertSampledExactlyOnce(Topics topics, List<Event> events) {
        Set<String> expectedIds = new HashSet<>();
        for (Event e : events) {
            boolean always = e.getType() == io.tributary.schema.EventType.EXCEPTION
                    || e.getPriority() == io.tributary.schema.Priority.HIGH
                    || (e.getPayload() instanceof io.tributary.schema.HttpResponse r && r.getStatus() >= 500);
            if (always || ConsistentSampling.keeps(e.getSessionId(), 0.5)) {
                expectedIds.add(e.getEventId());
            }
        }
        List<String> ids = readAll(topics.sampled(), (topic, bytes) ->
                EventSerde.avro().deserializer().deserialize(topic, bytes).getEventId(), Function.identity());
        assertThat(ids).hasSize(expectedIds.size());
        assertThat(new HashSet<>(ids)).isEqualTo(expectedIds);
    }

    private void assertDeadLetters(Topics topics) {
        List<String> reasons = readAll(topics.dlq(), (topic, bytes) -> new String(bytes, StandardCharsets.UTF_8),
                Function.identity(), DeadLetterHeaders.ERROR_REASON);
        assertThat(reasons).hasSize(BAD_RECORDS).containsOnly("MALFORMED_JSON");
    }

    private void assertSessions(Topics topics) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<SessionSummary> summaries = readAll(topics.sessions(),
                    (topic, bytes) -> AvroRecordSerde.sessionSummary().deserializer().deserialize(topic, bytes),
                    Function.identity());
            assertThat(summaries).hasSize(SESSIONS);
            assertThat(summaries).allMatch(s -> s.getEventCount() == ItWorkload.EVENTS_PER_SESSION && s.getCalls() == 3);
        });
    }

    private <T, R> List<R> readAll(String topic, Deserializer<T> deserializer, Function<T, R> map) {
        return readAll(topic, deserializer, map, null);
    }

    /** Every committed record of {@code topic}, up to its end; with a header name, that header's values instead. */
    @SuppressWarnings("unchecked")
    private <T, R> List<R> readAll(String topic, Deserializer<T> deserializer, Function<T, R> map, String header) {
        List<R> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (header != null) {
                        out.add((R) new String(r.headers().lastHeader(header).value(), StandardCharsets.UTF_8));
                    } else {
                        out.add(map.apply(deserializer.deserialize(topic, r.value())));
                    }
                }
            }
        }
        return out;
    }

    private void produce(Topics topics, List<Event> events) throws Exception {
        Map<String, Object> p = new HashMap<>(clientConfig());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        var avro = EventSerde.avro().serializer();
        var json = EventSerde.json().serializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            int bad = 0;
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                boolean asJson = e.getSessionId().hashCode() % 10 == 1;
                byte[] value = asJson ? json.serialize(topics.raw(), e) : avro.serialize(topics.raw(), e);
                producer.send(new ProducerRecord<>(topics.raw(), e.getSessionId(), value));
                if (i % (events.size() / BAD_RECORDS) == 0 && bad < BAD_RECORDS) {
                    producer.send(new ProducerRecord<>(topics.raw(), e.getSessionId(),
                            "{\"type\":".getBytes(StandardCharsets.UTF_8)));
                    bad++;
                }
            }
            producer.flush();
        }
    }

    private StreamProcessor processor(String name) throws Exception {
        Path state = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-state")), name);
        Map<String, Object> settings = new HashMap<>(clientConfig());
        settings.put(ProcessorConfig.APPLICATION_ID, "it-processor");
        settings.put(ProcessorConfig.TOPIC_PREFIX, "it.");
        settings.put(ProcessorConfig.TOPIC_PARTITIONS, 4);
        settings.put(ProcessorConfig.METRICS_WINDOWS, "10s");
        settings.put(ProcessorConfig.METRICS_GRACE_MS, 2_000L);
        settings.put(ProcessorConfig.IDLE_ADVANCE_MS, 5_000L);
        settings.put(ProcessorConfig.PUNCTUATE_INTERVAL_MS, 500L);
        settings.put(ProcessorConfig.SESSIONS_GAP_MS, 5_000L);
        settings.put(ProcessorConfig.SESSIONS_GRACE_MS, 0L);
        settings.put(ProcessorConfig.STATE_DIR, state.toString());
        settings.put(ProcessorConfig.ROCKSDB_MEMORY_BYTES, 32L * 1024 * 1024);
        return StreamProcessor.create(new ProcessorConfig(settings), new SimpleMeterRegistry());
    }

    private static Map<String, Object> clientConfig() {
        return Map.of(ProcessorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> c = new HashMap<>(clientConfig());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + System.nanoTime());
        return new KafkaConsumer<>(c, new org.apache.kafka.common.serialization.StringDeserializer(),
                new ByteArrayDeserializer());
    }
}
