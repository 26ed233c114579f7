package io.tributary.export.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Batch formation: limits by events, bytes and age, and exact re-forming of a predecessor's batch. */
class PartitionStateTest {
    private static final BatchLimits LIMITS = new BatchLimits(10, 1_000, Duration.ofSeconds(1));

    private static PartitionState state(long position, BatchIntent intent, long from, long to, long nowMs) {
        PartitionState s = new PartitionState(Records.TP, position, intent);
        Records.events(from, to).forEach(r -> s.add(r, nowMs));
        return s;
    }

    @Test
    void aBatchLeavesAtMaxEvents() {
        PartitionState s = state(0, null, 0, 9, 0);
        assertThat(s.ready(0, LIMITS)).isFalse();
        s.add(Records.event(9), 0);
        s.add(Records.event(10), 0);
        assertThat(s.ready(0, LIMITS)).isTrue();

        Batch b = s.cut(0, LIMITS);

        assertThat(b.records()).hasSize(10);
        assertThat(b.startOffset()).isZero();
        assertThat(b.endOffset()).isEqualTo(10);
        assertThat(s.pendingCount()).isEqualTo(1);
    }

    @Test
    void aBatchLeavesBeforeItsBodyWouldExceedMaxBytes() {
        // each line {"id":"eNNN"} plus newline is 14 bytes: 7 fit in 100
        BatchLimits bytes = new BatchLimits(1000, 100, Duration.ofSeconds(1));
        PartitionState s = state(100, null, 100, 110, 0);
        assertThat(s.ready(0, bytes)).isTrue();

        Batch b = s.cut(0, bytes);

        assertThat(b.records()).hasSize(7);
        assertThat(b.events().stream().mapToLong(BatchRecord::bodyBytes).sum()).isLessThanOrEqualTo(100);
    }

    @Test
    void aSmallBatchLeavesWhenItsFirstRecordIsOldEnough() {
        PartitionState s = state(0, null, 0, 3, 5_000);
        assertThat(s.ready(5_999, LIMITS)).isFalse();
        assertThat(s.ready(6_000, LIMITS)).isTrue();
        assertThat(s.cut(6_000, LIMITS).records()).hasSize(3);
        assertThat(s.ready(60_000, LIMITS)).isFalse();
    }

    @Test
    void commitsTheStartOfTheBatchInFlightWithItsIntentThenItsEnd() {
        PartitionState s = state(40, null, 42, 60, 0);
        s.inFlight = s.cut(0, LIMITS);

        assertThat(s.commitOffset()).isEqualTo(40);
        assertThat(BatchIntent.parse(s.commitMetadata())).contains(new BatchIntent(42, 51));

        s.inFlight = null;
        assertThat(s.commitOffset()).isEqualTo(52);
        assertThat(s.commitMetadata()).isEmpty();
    }

    @Test
    void aPredecessorsBatchIsReformedExactlyWhateverTheLimits() {
        // the predecessor sent 0..24 as one batch; this worker's limits would cut 10 at a time
        PartitionState s = state(0, new BatchIntent(0, 24), 0, 20, 0);
        assertThat(s.ready(100_000, LIMITS)).as("waits for the whole range").isFalse();
        Records.events(20, 30).forEach(r -> s.add(r, 0));
        assertThat(s.ready(0, LIMITS)).isTrue();

        Batch first = s.cut(0, LIMITS);

        assertThat(first.firstOffset()).isZero();
        assertThat(first.lastOffset()).isEqualTo(24);
        assertThat(s.cut(0, LIMITS).records()).hasSize(5);
    }

    @Test
    void anIntentWhoseRecordsAreGoneIsIgnored() {
        PartitionState s = state(0, new BatchIntent(0, 24), 30, 35, 0);
        assertThat(s.ready(1_000, LIMITS)).isTrue();
        assertThat(s.cut(1_000, LIMITS).records()).hasSize(5);
    }
}
