package io.tributary.processor.metrics;

import static io.tributary.processor.TopologyFixture.BASE_MS;
import static io.tributary.processor.TopologyFixture.WALL_CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tributary.processor.Events;
import io.tributary.processor.ProcessorMetrics;
import io.tributary.processor.state.StoreType;
import io.tributary.schema.Event;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.kafka.AvroRecordSerde;
import io.tributary.schema.kafka.EventSerde;
import io.tributary.schema.kafka.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Exactness of the metrics on 100,000 latencies, on the metrics part of the topology alone (validation,
 * sampling and sessions are covered elsewhere; leaving them out keeps this test at a few seconds).
 */
class MetricsExactnessTest {
    private static final long W0 = BASE_MS - BASE_MS % 60_000;

    @Test
    void countsAreExactAndQuantilesWithinOnePercentOn100000Latencies() {
        Topics topics = Topics.defaults();
        StreamsBuilder builder = new StreamsBuilder();
        var events = builder.stream("events", Consumed.with(Serdes.String(), EventSerde.avro()));
        MetricsTopology.addTo(builder, events, new MetricsTopology.Settings(
                List.of(Duration.ofSeconds(10), Duration.ofMinutes(1)), Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofMinutes(30), 1, io.tributary.processor.time.LagProbe.ALWAYS_CAUGHT_UP), topics, StoreType.IN_MEMORY,
                ProcessorMetrics.inMemory());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "exactness");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props, WALL_CLOCK)) {
            TestInputTopic<String, Event> in = driver.createInputTopic("events", new StringSerializer(),
                    EventSerde.avro().serializer());
            Random random = new Random(42);
            long[] latencies = new long[100_000];
            for (int i = 0; i < latencies.length; i++) {
                // log-normal latencies, roughly 20 µs to 3 s
                latencies[i] = (long) Math.exp(11.5 + 1.5 * random.nextGaussian());
                in.pipeInput("s" + (i % 500), Events.ret("svc", "s" + (i % 500), "score", W0 + (i % 9_000),
                        latencies[i]));
            }
            for (int i = 0; i < 1000; i++) {
                in.pipeInput("s" + i, Events.call("svc", "s" + i, "score", W0 + 10_000 + i));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(3));
            driver.advanceWallClockTime(Duration.ofHours(1));
            driver.advanceWallClockTime(Duration.ofSeconds(1));

            Map<String, MetricWindow> tenSeconds = byKey(driver.createOutputTopic(topics.metrics(Duration.ofSeconds(10)),
                    new StringDeserializer(), AvroRecordSerde.metricWindow().deserializer()).readRecordsToList());
            MetricWindow returns = tenSeconds.get("svc|RETURN|score");
            assertThat(returns.getCount()).isEqualTo(100_000);
            assertThat(returns.getLatencyCount()).isEqualTo(100_000);
            assertThat(returns.getWindowStartMs()).isEqualTo(W0);
            assertThat(returns.getWindowEndMs()).isEqualTo(W0 + 10_000);
            assertThat(tenSeconds.get("svc|CALL|score").getCount()).isEqualTo(1000);
            assertThat(tenSeconds.get("svc|CALL|score").getWindowStartMs()).isEqualTo(W0 + 10_000);

            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            assertWithinOnePercent(returns.getP50Ns(), exactQuantile(sorted, 0.5));
            assertWithinOnePercent(returns.getP90Ns(), exactQuantile(sorted, 0.9));
            assertWithinOnePercent(returns.getP99Ns(), exactQuantile(sorted, 0.99));
            assertThat(returns.getMaxNs()).isEqualTo((double) sorted[sorted.length - 1]);
            LatencySketch sketch = LatencySketch.decode(returns.getLatencySketch().array());
            assertThat(sketch.count()).isEqualTo(100_000);
            for (double q : new double[] {0.01, 0.25, 0.75, 0.999}) {
                assertWithinOnePercent(sketch.quantile(q), exactQuantile(sorted, q));
            }

            Map<String, MetricWindow> oneMinute = byKey(driver.createOutputTopic(topics.metrics(Duration.ofMinutes(1)),
                    new StringDeserializer(), AvroRecordSerde.metricWindow().deserializer()).readRecordsToList());
            assertThat(oneMinute.get("svc|RETURN|score").getCount()).isEqualTo(100_000);
            assertThat(oneMinute.get("svc|RETURN|score").getP99Ns()).isEqualTo(returns.getP99Ns());
            assertThat(oneMinute.get("svc|CALL|score").getCount()).isEqualTo(1000);
        }
    }

    private static Map<String, MetricWindow> byKey(List<TestRecord<String, MetricWindow>> records) {
        return records.stream().collect(Collectors.toMap(TestRecord::key, TestRecord::value, (a, b) -> {
            throw new AssertionError("two windows for one key: " + a + " / " + b);
        }));
    }

    private static double exactQuantile(long[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    private static void assertWithinOnePercent(double actual, double exact) {
        assertThat(actual).isCloseTo(exact, within(exact * 0.01));
    }
}
