package io.tributary.processor.metrics;

import static io.tributary.processor.TopologyFixture.BASE_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tributary.processor.Events;
import io.tributary.processor.ProcessorMetrics;
import io.tributary.processor.TopologyFixture;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.codec.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsAggregationTest {
    private static final Duration TEN_S = Duration.ofSeconds(10);
    private static final long W0 = BASE_MS - BASE_MS % 60_000;

    private final TopologyFixture fx = new TopologyFixture();
    private final TestOutputTopic<String, MetricWindow> tenSeconds = fx.metrics(TEN_S);
    private final TestOutputTopic<String, MetricWindow> oneMinute = fx.metrics(Duration.ofMinutes(1));

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void httpMetricsAreKeyedByMethodAndRouteWithStatusClassesBytesAndErrors() {
        List<Event> events = List.of(
                Events.request("api", "s1", "POST", "https://x/v1/users/1", W0 + 1, 100),
                Events.response("api", "s1", 201, W0 + 2, 5_000_000, 1000),
                Events.request("api", "s2", "POST", "https://x/v1/users/2", W0 + 3, 50),
                Events.response("api", "s2", 503, W0 + 4, 7_000_000, 10),
                Events.request("api", "s1", "GET", "https://x/v1/users/3?full=1", W0 + 5, 0),
                Events.response("api", "s1", 404, W0 + 6, 1_000_000, 20),
                Events.exception("api", "s1", "ValueError", W0 + 7),
                Events.custom("api", null, "feature_used", W0 + 8));
        fx.pipe(events);
        closeEverything();

        Map<String, MetricWindow> w = byKey(tenSeconds.readRecordsToList());
        assertThat(w).containsOnlyKeys("api|HTTP_REQUEST|POST /v1/users/{id}", "api|HTTP_REQUEST|GET /v1/users/{id}",
                "api|HTTP_RESPONSE|POST /v1/users/{id}", "api|HTTP_RESPONSE|GET /v1/users/{id}",
                "api|EXCEPTION|ValueError", "api|CUSTOM|feature_used");
        MetricWindow post = w.get("api|HTTP_RESPONSE|POST /v1/users/{id}");
        assertThat(post.getCount()).isEqualTo(2);
        assertThat(post.getStatus2xx()).isEqualTo(1);
        assertThat(post.getStatus5xx()).isEqualTo(1);
        assertThat(post.getErrorCount()).isEqualTo(1);
        assertThat(post.getBytesIn()).isEqualTo(1010);
        assertThat(post.getMaxNs()).isEqualTo(7_000_000.0);
        assertThat(w.get("api|HTTP_RESPONSE|GET /v1/users/{id}").getStatus4xx()).isEqualTo(1);
        assertThat(w.get("api|HTTP_REQUEST|POST /v1/users/{id}").getBytesOut()).isEqualTo(150);
        assertThat(w.get("api|EXCEPTION|ValueError").getErrorCount()).isEqualTo(1);
    }

    @Test
    void theSampleFileAggregatesToItsExactCounts() {
        for (String line : SampleEvents.lines()) {
            fx.pipe("k", line.getBytes(StandardCharsets.UTF_8));
        }
        closeEverything();
        List<MetricWindow> all = oneMinute.readValuesToList();
        Map<EventType, Long> countByType = all.stream()
                .collect(Collectors.groupingBy(MetricWindow::getEventType, Collectors.summingLong(MetricWindow::getCount)));
        assertThat(countByType).containsEntry(EventType.CALL, 51L).containsEntry(EventType.RETURN, 50L)
                .containsEntry(EventType.HTTP_REQUEST, 9L).containsEntry(EventType.HTTP_RESPONSE, 9L)
                .containsEntry(EventType.SESSION_START, 8L).containsEntry(EventType.CUSTOM, 3L)
                .containsEntry(EventType.EXCEPTION, 1L);
        long status5xx = all.stream().mapToLong(MetricWindow::getStatus5xx).sum();
        assertThat(status5xx).isEqualTo(2);
        assertThat(all).filteredOn(m -> m.getEventType() == EventType.HTTP_RESPONSE)
                .extracting(MetricWindow::getName).allMatch(n -> n.equals("POST /v1/users/{id}"));
    }

    @Test
    void windowsAreEmittedOnceOnlyAfterGraceAndLateEventsAreCounted() {
        fx.pipe(List.of(Events.call("svc", "s1", "f", W0 + 1_000)));
        // stream time reaches the window end + 4 s: still within the 5 s grace
        fx.pipe(List.of(Events.call("svc", "s1", "g", W0 + 14_000)));
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(tenSeconds.isEmpty()).isTrue();
        fx.pipe(List.of(Events.call("svc", "s1", "f", W0 + 2_000)));
        fx.pipe(List.of(Events.call("svc", "s1", "g", W0 + 15_500)));
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        List<TestRecord<String, MetricWindow>> first = tenSeconds.readRecordsToList();
        assertThat(first).hasSize(1);
        assertThat(first.get(0).value().getCount()).isEqualTo(2);
        assertThat(first.get(0).value().getLateCount()).isZero();
        // two events for the closed window [W0, W0+10s): late, counted in the key's open window
        fx.pipe(List.of(Events.call("svc", "s1", "f", W0 + 3_000), Events.call("svc", "s1", "f", W0 + 9_999)));
        // partial windows reach the second step at the next punctuation
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(fx.metrics.count(ProcessorMetrics.LATE, "window", "10s")).isEqualTo(2.0);
        closeEverything();
        Map<String, MetricWindow> rest = byKey(tenSeconds.readRecordsToList());
        assertThat(rest.get("svc|CALL|f").getWindowStartMs()).isEqualTo(W0 + 10_000);
        assertThat(rest.get("svc|CALL|f").getCount()).isZero();
        assertThat(rest.get("svc|CALL|f").getLateCount()).isEqualTo(2);
        assertThat(rest.get("svc|CALL|g").getCount()).isEqualTo(2);
        // the one-minute window was still open: nothing was late there
        assertThat(byKey(oneMinute.readRecordsToList()).get("svc|CALL|f").getCount()).isEqualTo(4);
    }

    @Test
    void latenciesOfZeroAndOneNanosecondAreCountedLikeAnyOther() {
        // the zero bin and bin 0 have store keys ending like a window's counters; they must not be taken for them
        fx.pipe(List.of(Events.ret("svc", "s1", "f", W0 + 1_000, 0), Events.ret("svc", "s1", "f", W0 + 2_000, 1),
                Events.ret("svc", "s1", "f", W0 + 3_000, 1_000)));
        closeEverything();
        MetricWindow w = byKey(tenSeconds.readRecordsToList()).get("svc|RETURN|f");
        assertThat(w.getCount()).isEqualTo(3);
        assertThat(w.getMaxNs()).isEqualTo(1_000.0);
        assertThat(w.getP50Ns()).isLessThanOrEqualTo(1.02);
    }

    @Test
    void windowsOfAQuietPartitionCloseByWallClock() {
        fx.pipe(List.of(Events.call("svc", "s1", "f", W0 + 1_000)));
        fx.advanceWallClock(Duration.ofSeconds(1));
        assertThat(tenSeconds.isEmpty()).isTrue();
        // idle advance 2 s, then event time follows the wall clock: end (W0+10s) + grace 5 s is 14 s away
        fx.advanceWallClock(Duration.ofSeconds(17));
        assertThat(tenSeconds.readValuesToList()).singleElement()
                .satisfies(w -> assertThat(w.getCount()).isEqualTo(1));
        assertThat(oneMinute.isEmpty()).isTrue();
    }

    private void closeEverything() {
        // idle advance: one hour of wall clock moves event time past every window of the test
        fx.driver.advanceWallClockTime(Duration.ofSeconds(3));
        fx.driver.advanceWallClockTime(Duration.ofHours(1));
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
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
