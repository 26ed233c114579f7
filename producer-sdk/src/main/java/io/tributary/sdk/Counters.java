package io.tributary.sdk;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The client's counters. Hot-path counters are {@link LongAdder}s so threads calling {@code track} do not contend. */
final class Counters {
    final LongAdder received = new LongAdder();
    final LongAdder sampledOut = new LongAdder();
    final LongAdder truncated = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder spooled = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final AtomicLong inFlight = new AtomicLong();
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    /** Wall-clock millis of the last drop, for {@link Health#WARNING}. */
    volatile long lastDropMillis;

    Counters() {
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    void drop(DropReason reason, long count, long nowMillis) {
        dropped.get(reason).add(count);
        lastDropMillis = nowMillis;
    }

    long dropped(DropReason reason) {
        return dropped.get(reason).sum();
    }

    ClientStats snapshot(long queueDepth, long queueBytes, long recovered) {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        dropped.forEach((reason, adder) -> drops.put(reason, adder.sum()));
        // Read downstream counters first: an event moving downstream meanwhile is then seen twice, never missed.
        long sentNow = sent.sum();
        long spooledNow = spooled.sum();
        long replayedNow = replayed.sum();
        return new ClientStats(received.sum(), sampledOut.sum(), Map.copyOf(drops), truncated.sum(), sentNow,
                failed.sum(), spooledNow, replayedNow, recovered, queueDepth, queueBytes, inFlight.get());
    }
}
