package io.tributary.processor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.schema.EventType;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class MetricPartialSerdeTest {
    @Test
    void aPartialWindowRoundTripsWithItsCountersAndBins() {
        WindowCounts counts = new WindowCounts();
        EventType type = EventType.HTTP_RESPONSE;
        counts.add(new MetricObservation("svc", type, "GET /x", 1_000, 5_000_000, 503, 10, 0, true));
        counts.add(new MetricObservation("svc", type, "GET /x", 1_001, 7_000_000, 200, 20, 0, false));
        MetricPartial p = MetricPartial.window(3, 60_000, 60_000, counts, new int[] {LatencySketch.ZERO_BIN, 42},
                new long[] {1, 2});

        MetricPartial back = MetricPartialSerde.decode(MetricPartialSerde.encode(p));

        assertThat(back.watermark()).isFalse();
        assertThat(back.sourcePartition()).isEqualTo(3);
        assertThat(back.windowEndMs()).isEqualTo(60_000);
        assertThat(back.windowSizeMs()).isEqualTo(60_000);
        assertThat(back.counts().encode()).isEqualTo(counts.encode());
        assertThat(back.bins()).containsExactly(LatencySketch.ZERO_BIN, 42);
        assertThat(back.binCounts()).containsExactly(1, 2);
    }

    @Test
    void aWatermarkRoundTrips() {
        MetricPartial back = MetricPartialSerde.decode(MetricPartialSerde.encode(
                MetricPartial.watermark(1, MetricPartial.NO_DATA)));
        assertThat(back.watermark()).isTrue();
        assertThat(back.sourcePartition()).isEqualTo(1);
        assertThat(back.timeMs()).isEqualTo(MetricPartial.NO_DATA);
    }

    @Test
    void mergedPartialsEqualTheSameEventsCountedOneByOne() {
        MetricObservation a = new MetricObservation("s", EventType.RETURN, "f", 1, 100, 0, 0, 0, false);
        MetricObservation b = new MetricObservation("s", EventType.RETURN, "f", 2, 900, 0, 0, 0, false);
        MetricObservation c = new MetricObservation("s", EventType.RETURN, "f", 3, 50, 0, 0, 0, false);
        WindowCounts oneByOne = new WindowCounts();
        oneByOne.add(a);
        oneByOne.add(b);
        oneByOne.add(c);
        WindowCounts first = new WindowCounts();
        first.add(a);
        WindowCounts second = new WindowCounts();
        second.add(b);
        second.add(c);
        first.merge(second);
        assertThat(first.encode()).isEqualTo(oneByOne.encode());
    }

    @Test
    void anUnknownVersionIsASerializationError() {
        assertThatThrownBy(() -> MetricPartialSerde.decode(new byte[] {3, 0, 0, 0, 0, 0}))
                .isInstanceOf(SerializationException.class);
    }
}
