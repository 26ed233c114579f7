package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventBufferTest {

    /**
     * Callers run out of stack at every point of {@code offer} in turn, among them between taking a slot and
     * filling it. The buffer must not stall behind a slot nobody fills, and must lose no event it accepted.
     */
    @Test
    void callersOverflowingTheirStackMidOfferNeitherStallTheBufferNorLoseAcceptedEvents() throws Exception {
        Counters counters = new Counters();
        EventBuffer buffer = new EventBuffer(Long.MAX_VALUE, Long.MAX_VALUE, BackpressurePolicy.dropNewest(),
                counters, Duration.ofMillis(10));
        List<PendingEvent> accepted = new ArrayList<>();
        Set<PendingEvent> taken = Collections.newSetFromMap(new IdentityHashMap<>());
        List<PendingEvent> batch = new ArrayList<>();
        for (int padding = 0; padding < 64; padding++) {
            int levels = padding;
            // A fresh stack each time, overflowing at a slightly different depth: at a different point of offer.
            Thread caller = new Thread(null, () -> pad(levels, buffer, accepted), "caller", 256 * 1024);
            caller.start();
            caller.join();
            batch.clear();
            buffer.drain(batch, Integer.MAX_VALUE);
            taken.addAll(batch);
        }
        PendingEvent last = new PendingEvent(null, null, 1);
        assertThat(buffer.offer(last)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            batch.clear();
            buffer.drain(batch, Integer.MAX_VALUE);
            taken.addAll(batch);
            return taken.contains(last);
        });
        assertThat(accepted).isNotEmpty().allMatch(taken::contains);
    }

    /**
     * A caller running out of stack before it even took a slot: its reservation is given back in full, and its
     * event, counted as received by the client, is counted as dropped, so the counts still balance.
     */
    @Test
    void aCallerFailingBeforeItTookASlotLeavesNoDepthBehind() {
        Counters counters = new Counters();
        EventBuffer buffer = new EventBuffer(10, Long.MAX_VALUE, BackpressurePolicy.dropNewest(), counters,
                onAbandoned -> new EventQueue(System::nanoTime, Duration.ofMillis(10), onAbandoned) {
                    private boolean failed;

                    @Override
                    long claim() {
                        if (!failed) {
                            failed = true;
                            throw new StackOverflowError();
                        }
                        return super.claim();
                    }
                });
        counters.received.increment(); // as the client counts each event before offering it
        assertThatThrownBy(() -> buffer.offer(new PendingEvent(null, null, 7)))
                .isInstanceOf(StackOverflowError.class);
        assertThat(buffer.depth()).isZero();
        assertThat(buffer.bytes()).isZero();
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(counters.dropped(DropReason.DELIVERY_FAILED)).isEqualTo(1);
        assertThat(counters.snapshot(buffer.depth(), buffer.bytes(), 0).balanced()).isTrue();

        PendingEvent next = new PendingEvent(null, null, 3);
        counters.received.increment();
        assertThat(buffer.offer(next)).isTrue();
        assertThat(counters.snapshot(buffer.depth(), buffer.bytes(), 0).balanced()).isTrue();
        List<PendingEvent> batch = new ArrayList<>();
        assertThat(buffer.drain(batch, 10)).isEqualTo(1);
        assertThat(batch).containsExactly(next);
        assertThat(buffer.depth()).isZero();
        counters.sent.increment(); // delivered
        assertThat(counters.snapshot(buffer.depth(), buffer.bytes(), 0).balanced()).isTrue();
        assertThat(counters.dropped(DropReason.DELIVERY_FAILED)).isEqualTo(1);
    }

    private static void pad(int levels, EventBuffer buffer, List<PendingEvent> accepted) {
        if (levels > 0) {
            pad(levels - 1, buffer, accepted);
            return;
        }
        try {
            dive(buffer, accepted);
        } catch (StackOverflowError e) {
            // overflowed outside offer
        }
    }

    /** Offers events deeper and deeper until one offer overflows the stack. */
    private static void dive(EventBuffer buffer, List<PendingEvent> accepted) {
        PendingEvent event = new PendingEvent(null, null, 1);
        try {
            if (buffer.offer(event)) {
                accepted.add(event);
            }
        } catch (StackOverflowError e) {
            return;
        }
        dive(buffer, accepted);
    }
}
