package io.tributary.processor.metrics;

import static io.tributary.processor.TopologyFixture.BASE_MS;
import static io.tributary.processor.TopologyFixture.WALL_CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.processor.Events;
import io.tributary.processor.ProcessorMetrics;
import io.tributary.processor.state.StoreType;
import io.tributary.processor.time.LagProbe;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.kafka.AvroRecordSerde;
import io.tributary.schema.kafka.EventSerde;
import io.tributary.schema.kafka.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Version 1 records (one event observation or watermark per record, as releases before the pre-aggregating first
 * step wrote them) left in the metrics repartition topic by an upgrade: they are read and counted exactly. The
 * bytes are built here exactly as the old {@code MetricObservationSerde.encode} wrote them.
 */
class LegacyRepartitionRecordsTest {
    private static final String APP = "legacy";
    private static final String REPARTITION_TOPIC = APP + "-" + MetricsTopology.REPARTITION + "-repartition";
    private static final long W0 = BASE_MS - BASE_MS % 60_000;
    private static final String RETURN_F = "svc|RETURN|f";
    private static final String REQUEST = "svc|HTTP_REQUEST|POST /v1/users/{id}";
    private static final String RESPONSE = "svc|HTTP_RESPONSE|POST /v1/users/{id}";
    private static final String CALL_G = "svc|CALL|g";

    @Test
    void aVersion1WatermarkDecodesToTheSameWatermark() {
        MetricPartial w = MetricPartialSerde.decode(v1Watermark(3, W0 + 15_000));
        assertThat(w.watermark()).isTrue();
        assertThat(w.sourcePartition()).isEqualTo(3);
        assertThat(w.timeMs()).isEqualTo(W0 + 15_000);
        assertThat(MetricPartialSerde.decode(v1Watermark(1, Long.MAX_VALUE)).timeMs()).isEqualTo(MetricPartial.NO_DATA);
    }

    @Test
    void aVersion1EventDecodesToALegacyOneEventPartial() {
        MetricPartial p = MetricPartialSerde.decode(v1Event(2, W0 + 3_000, "svc", EventType.HTTP_RESPONSE,
                "POST /v1/users/{id}", 7_000_000, 503, 10, 0, true));
        assertThat(p.watermark()).isFalse();
        assertThat(p.legacy()).isTrue();
        assertThat(p.sourcePartition()).isEqualTo(2);
        assertThat(p.timeMs()).isEqualTo(W0 + 3_000);
        assertThat(p.windowSizeMs()).isEqualTo(MetricPartial.ALL_SIZES);
        WindowCounts expected = new WindowCounts();
        expected.add(new MetricObservation("svc", EventType.HTTP_RESPONSE, "POST /v1/users/{id}", W0 + 3_000,
                7_000_000, 503, 10, 0, true));
        assertThat(p.counts().encode()).isEqualTo(expected.encode());
        assertThat(p.bins()).containsExactly(LatencySketch.binOf(7_000_000));
        assertThat(p.binCounts()).containsExactly(1);

        MetricPartial noLatency = MetricPartialSerde.decode(v1Event(0, W0, "svc", EventType.CALL, "g", -1, 0, 0, 0,
                false));
        assertThat(noLatency.counts().count()).isEqualTo(1);
        assertThat(noLatency.bins()).isEmpty();
    }

    @Test
    void aTruncatedVersion1RecordIsASerializationError() {
        byte[] event = v1Event(0, W0, "svc", EventType.CALL, "g", -1, 0, 0, 0, false);
        assertThatThrownBy(() -> MetricPartialSerde.decode(Arrays.copyOf(event, event.length - 1)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void version1EventsAndWatermarksInTheRepartitionTopicAreCountedExactly() {
        Topics topics = Topics.defaults();
        ProcessorMetrics metrics = ProcessorMetrics.inMemory();
        StreamsBuilder builder = new StreamsBuilder();
        var events = builder.stream("events", Consumed.with(Serdes.String(), EventSerde.avro()));
        MetricsTopology.addTo(builder, events, new MetricsTopology.Settings(
                List.of(Duration.ofSeconds(10), Duration.ofMinutes(1)), Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofMinutes(30), 1, LagProbe.ALWAYS_CAUGHT_UP), topics,
                StoreType.IN_MEMORY, metrics);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props, WALL_CLOCK)) {
            TestInputTopic<String, byte[]> repartition = driver.createInputTopic(REPARTITION_TOPIC,
                    new StringSerializer(), new ByteArraySerializer());
            TestInputTopic<String, Event> in = driver.createInputTopic("events", new StringSerializer(),
                    EventSerde.avro().serializer());
            TestOutputTopic<String, MetricWindow> tenSeconds = driver.createOutputTopic(
                    topics.metrics(Duration.ofSeconds(10)), new StringDeserializer(),
                    AvroRecordSerde.metricWindow().deserializer());
            TestOutputTopic<String, MetricWindow> oneMinute = driver.createOutputTopic(
                    topics.metrics(Duration.ofMinutes(1)), new StringDeserializer(),
                    AvroRecordSerde.metricWindow().deserializer());

            // what the old release left in the repartition topic: events keyed by metric key, watermarks by ""
            repartition.pipeInput(RETURN_F, v1Event(0, W0 + 1_000, "svc", EventType.RETURN, "f", 2_000_000, 0, 0, 0,
                    false));
            repartition.pipeInput(REQUEST, v1Event(0, W0 + 3_000, "svc", EventType.HTTP_REQUEST,
                    "POST /v1/users/{id}", -1, 0, 0, 150, false));
            repartition.pipeInput(RESPONSE, v1Event(0, W0 + 3_000, "svc", EventType.HTTP_RESPONSE,
                    "POST /v1/users/{id}", 7_000_000, 503, 10, 0, true));
            repartition.pipeInput(RESPONSE, v1Event(0, W0 + 4_000, "svc", EventType.HTTP_RESPONSE,
                    "POST /v1/users/{id}", 1_000_000, 201, 1_000, 0, false));
            repartition.pipeInput(RETURN_F, v1Event(0, W0 + 2_000, "svc", EventType.RETURN, "f", 5_000_000, 0, 0, 0,
                    false));
            repartition.pipeInput(RETURN_F, v1Event(0, W0 + 9_999, "svc", EventType.RETURN, "f", 1_000_000, 0, 0, 0,
                    false));
            repartition.pipeInput(CALL_G, v1Event(0, W0 + 12_000, "svc", EventType.CALL, "g", -1, 0, 0, 0, false));
            assertThat(tenSeconds.isEmpty()).isTrue();

            // a v1 watermark past [W0, W0+10s) + grace closes those 10 s windows
            repartition.pipeInput("", v1Watermark(0, W0 + 15_000));
            Map<String, MetricWindow> closed = byKey(tenSeconds.readRecordsToList());
            assertThat(closed).containsOnlyKeys(RETURN_F, REQUEST, RESPONSE);
            MetricWindow f = closed.get(RETURN_F);
            assertThat(f.getWindowStartMs()).isEqualTo(W0);
            assertThat(f.getWindowEndMs()).isEqualTo(W0 + 10_000);
            assertThat(f.getCount()).isEqualTo(3);
            assertThat(f.getLatencyCount()).isEqualTo(3);
            assertThat(f.getMaxNs()).isEqualTo(5_000_000.0);
            assertThat(f.getLateCount()).isZero();
            assertThat(LatencySketch.decode(f.getLatencySketch().array()).count()).isEqualTo(3);
            MetricWindow response = closed.get(RESPONSE);
            assertThat(response.getCount()).isEqualTo(2);
            assertThat(response.getStatus2xx()).isEqualTo(1);
            assertThat(response.getStatus5xx()).isEqualTo(1);
            assertThat(response.getErrorCount()).isEqualTo(1);
            assertThat(response.getBytesIn()).isEqualTo(1_010);
            assertThat(response.getLatencyCount()).isEqualTo(2);
            assertThat(response.getMaxNs()).isEqualTo(7_000_000.0);
            MetricWindow request = closed.get(REQUEST);
            assertThat(request.getCount()).isEqualTo(1);
            assertThat(request.getBytesOut()).isEqualTo(150);
            assertThat(request.getLatencyCount()).isZero();
            assertThat(oneMinute.isEmpty()).isTrue();

            // a v1 event for that closed 10 s window is late there, but still counted in its open 1 m window
            repartition.pipeInput(RETURN_F, v1Event(0, W0 + 5_000, "svc", EventType.RETURN, "f", 3_000_000, 0, 0, 0,
                    false));
            assertThat(metrics.count(ProcessorMetrics.LATE, "window", "10s")).isEqualTo(1.0);
            assertThat(metrics.count(ProcessorMetrics.LATE, "window", "1m")).isZero();

            // then the new release's own events, pre-aggregated as version 2 partials
            in.pipeInput("s1", Events.ret("svc", "s1", "f", W0 + 21_000, 4_000_000));
            driver.advanceWallClockTime(Duration.ofSeconds(3));
            driver.advanceWallClockTime(Duration.ofHours(1));
            driver.advanceWallClockTime(Duration.ofSeconds(1));

            Map<String, MetricWindow> rest = byKeyAndStart(tenSeconds.readRecordsToList());
            assertThat(rest).containsOnlyKeys(RETURN_F + "@10000", CALL_G + "@10000", RETURN_F + "@20000");
            assertThat(rest.get(RETURN_F + "@10000").getCount()).isZero();
            assertThat(rest.get(RETURN_F + "@10000").getLateCount()).isEqualTo(1);
            assertThat(rest.get(CALL_G + "@10000").getCount()).isEqualTo(1);
            assertThat(rest.get(RETURN_F + "@20000").getCount()).isEqualTo(1);

            Map<String, MetricWindow> minute = byKey(oneMinute.readRecordsToList());
            assertThat(minute).containsOnlyKeys(RETURN_F, REQUEST, RESPONSE, CALL_G);
            MetricWindow fMinute = minute.get(RETURN_F);
            assertThat(fMinute.getWindowStartMs()).isEqualTo(W0);
            assertThat(fMinute.getCount()).isEqualTo(5);
            assertThat(fMinute.getLatencyCount()).isEqualTo(5);
            assertThat(fMinute.getLateCount()).isZero();
            assertThat(fMinute.getMaxNs()).isEqualTo(5_000_000.0);
            assertThat(LatencySketch.decode(fMinute.getLatencySketch().array()).count()).isEqualTo(5);
            assertThat(minute.get(RESPONSE).getCount()).isEqualTo(2);
            assertThat(minute.get(RESPONSE).getBytesIn()).isEqualTo(1_010);
            assertThat(minute.get(REQUEST).getBytesOut()).isEqualTo(150);
            assertThat(minute.get(CALL_G).getCount()).isEqualTo(1);
        }
    }

    /** A version 1 event observation, byte for byte as the old {@code MetricObservationSerde} wrote it. */
    static byte[] v1Event(int sourcePartition, long timeMs, String service, EventType type, String name,
                          long latencyNs, int status, long bytesIn, long bytesOut, boolean error) {
        return v1(false, sourcePartition, timeMs, service, (byte) type.ordinal(), name, latencyNs, status, bytesIn,
                bytesOut, error);
    }

    /** A version 1 watermark, byte for byte as the old {@code MetricObservationSerde} wrote it. */
    static byte[] v1Watermark(int sourcePartition, long timeMs) {
        return v1(true, sourcePartition, timeMs, "", (byte) -1, "", -1, 0, 0, 0, false);
    }

    private static byte[] v1(boolean watermark, int sourcePartition, long timeMs, String service, byte type,
                             String name, long latencyNs, int status, long bytesIn, long bytesOut, boolean error) {
        byte[] s = service.getBytes(StandardCharsets.UTF_8);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + 4 + 8 + 4 + s.length + 1 + 4 + n.length + 8 + 4 + 8 + 8 + 1);
        b.put((byte) 1).put((byte) (watermark ? 1 : 0)).putInt(sourcePartition).putLong(timeMs);
        b.putInt(s.length).put(s);
        b.put(type);
        b.putInt(n.length).put(n);
        b.putLong(latencyNs).putInt(status).putLong(bytesIn).putLong(bytesOut);
        b.put((byte) (error ? 1 : 0));
        return b.array();
    }

    private static Map<String, MetricWindow> byKey(List<TestRecord<String, MetricWindow>> records) {
        return records.stream().collect(Collectors.toMap(TestRecord::key, TestRecord::value, (a, b) -> {
            throw new AssertionError("two windows for one key: " + a + " / " + b);
        }));
    }

    /** Keyed {@code key@start}, the start relative to W0. */
    private static Map<String, MetricWindow> byKeyAndStart(List<TestRecord<String, MetricWindow>> records) {
        return records.stream().collect(Collectors.toMap(r -> r.key() + "@" + (r.value().getWindowStartMs() - W0),
                TestRecord::value, (a, b) -> {
                    throw new AssertionError("two windows for one key and start: " + a + " / " + b);
                }));
    }
}
