package io.tributary.processor;

import io.tributary.schema.Event;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.SessionSummary;
import io.tributary.schema.kafka.AvroRecordSerde;
import io.tributary.schema.kafka.EventSerde;
import io.tributary.schema.kafka.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The whole processor topology in a {@link TopologyTestDriver}, with the topics as test topics. */
public final class TopologyFixture implements AutoCloseable {
    /** Event time base of the tests: 2025-11-22T08:26:40Z, the time of the sample events. */
    public static final long BASE_MS = 1_763_800_000_000L;
    /** Initial wall clock: ten minutes after {@link #BASE_MS}. */
    public static final Instant WALL_CLOCK = Instant.ofEpochMilli(BASE_MS + 600_000);

    public final ProcessorConfig config;
    public final ProcessorMetrics metrics = ProcessorMetrics.inMemory();
    public final TopologyTestDriver driver;
    public final Topics topics;
    public final TestInputTopic<byte[], byte[]> raw;
    public final TestInputTopic<String, byte[]> rules;
    public final TestOutputTopic<byte[], byte[]> dlq;
    public final TestOutputTopic<String, Event> sampled;
    public final TestOutputTopic<String, SessionSummary> sessions;
    private final Path stateDir;
    /** Raw records piped through {@link #pipe(String, byte[])} so far: the next record's offset. */
    public long piped;

    /** The topology with the test defaults (windows 10s and 1m, grace 5 s, idle advance 2 s) plus {@code overrides}. */
    public TopologyFixture(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                ProcessorConfig.METRICS_WINDOWS, "10s,1m",
                ProcessorConfig.METRICS_GRACE_MS, 5_000L,
                ProcessorConfig.IDLE_ADVANCE_MS, 2_000L,
                ProcessorConfig.PUNCTUATE_INTERVAL_MS, 1_000L,
                ProcessorConfig.SESSIONS_GAP_MS, 60_000L,
                ProcessorConfig.SESSIONS_GRACE_MS, 0L,
                ProcessorConfig.STATE_STORE_TYPE, "in_memory"));
        settings.putAll(overrides);
        this.config = new ProcessorConfig(settings);
        this.topics = config.topics();
        try {
            this.stateDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "ttd-state")), "ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ttd");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        this.driver = new TopologyTestDriver(TributaryTopology.build(config, metrics, 1, io.tributary.processor.time.LagProbe.ALWAYS_CAUGHT_UP), props, WALL_CLOCK);
        this.raw = driver.createInputTopic(topics.raw(), new ByteArraySerializer(), new ByteArraySerializer());
        this.rules = driver.createInputTopic(topics.samplingRules(), new StringSerializer(), new ByteArraySerializer());
        this.dlq = driver.createOutputTopic(topics.dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.sampled = driver.createOutputTopic(topics.sampled(), new StringDeserializer(),
                EventSerde.avro().deserializer());
        this.sessions = driver.createOutputTopic(topics.sessions(), new StringDeserializer(),
                AvroRecordSerde.sessionSummary().deserializer());
    }

    public TopologyFixture() {
        this(Map.of());
    }

    /** The output topic of metrics windows of {@code size}. */
    public TestOutputTopic<String, MetricWindow> metrics(Duration size) {
        return driver.createOutputTopic(topics.metrics(size), new StringDeserializer(),
                AvroRecordSerde.metricWindow().deserializer());
    }

    /** Pipes one raw value with a key. */
    public void pipe(String key, byte[] value) {
        piped++;
        raw.pipeInput(key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value);
    }

    /** Pipes events in Avro encoding, keyed by session id. */
    public void pipe(List<Event> events) {
        var serializer = EventSerde.avro().serializer();
        for (Event e : events) {
            pipe(e.getSessionId(), serializer.serialize(topics.raw(), e));
        }
    }

    /** Advances the wall clock in punctuation-sized steps, so every punctuator runs. */
    public void advanceWallClock(Duration total) {
        for (long done = 0; done < total.toMillis(); done += 1_000) {
            driver.advanceWallClockTime(Duration.ofMillis(Math.min(1_000, total.toMillis() - done)));
        }
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // temp dir cleanup is best-effort
        }
    }
}
