package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventQueueTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger abandoned = new AtomicInteger();

    @Test
    void aSlotClaimedByACallerThatNeverFillsItIsSkippedAfterTheStallTimeoutAndReported() {
        EventQueue queue = new EventQueue(nanos::get, Duration.ofSeconds(1), abandoned::incrementAndGet);
        queue.offer(event(0));
        queue.claim(); // a caller that failed before filling its slot, not even marking it
        queue.offer(event(2));
        queue.offer(event(3));
        List<PendingEvent> out = new ArrayList<>();
        assertThat(queue.drain(out, 10)).isEqualTo(1);
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(queue.drain(out, 10)).isZero(); // still within the timeout: it may yet be filled
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(queue.drain(out, 10)).isEqualTo(2);
        assertThat(out).extracting(e -> e.estimatedBytes).containsExactly(0, 2, 3);
        assertThat(abandoned).hasValue(1);
        assertThat(queue.poll()).isNull();
    }

    @Test
    void aCallerWhoseSlotWasGivenUpOnLearnsItsEventWasNotQueued() {
        EventQueue queue = new EventQueue(nanos::get, Duration.ofSeconds(1), abandoned::incrementAndGet);
        long slot = queue.claim(); // a caller paused between claim and fill
        queue.offer(event(1));
        assertThat(queue.poll()).isNull();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(queue.poll().estimatedBytes).isEqualTo(1);
        assertThat(abandoned).hasValue(1);
        assertThat(queue.fill(slot, event(0))).isFalse();
        assertThat(queue.poll()).isNull();
    }

    @Test
    void aClaimedSlotWhoseChunkWasNeverCreatedIsSkippedToo() {
        EventQueue queue = new EventQueue(nanos::get, Duration.ofSeconds(1), abandoned::incrementAndGet);
        for (int i = 0; i < EventQueue.CHUNK; i++) {
            queue.offer(event(i));
        }
        queue.claim(); // the first slot of the next chunk, whose caller failed before creating the chunk
        List<PendingEvent> out = new ArrayList<>();
        assertThat(queue.drain(out, Integer.MAX_VALUE)).isEqualTo(EventQueue.CHUNK);
        assertThat(queue.poll()).isNull();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(queue.poll()).isNull();
        assertThat(abandoned).hasValue(1);
        queue.offer(event(-1));
        assertThat(queue.poll().estimatedBytes).isEqualTo(-1);
    }

    @Test
    void keepsFifoOrderAcrossChunks() {
        EventQueue queue = new EventQueue();
        int count = EventQueue.CHUNK * 3 + 7;
        for (int i = 0; i < count; i++) {
            queue.offer(event(i));
        }
        List<PendingEvent> out = new ArrayList<>();
        assertThat(queue.drain(out, 10)).isEqualTo(10);
        assertThat(queue.poll().estimatedBytes).isEqualTo(10);
        while (queue.drain(out, 1000) > 0) {
            // keep draining
        }
        assertThat(out).hasSize(count - 1);
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).estimatedBytes).isEqualTo(i < 10 ? i : i + 1);
        }
        assertThat(queue.poll()).isNull();
    }

    @Test
    void manyProducersAndEvictingConsumersLoseAndRepeatNothing() throws Exception {
        EventQueue queue = new EventQueue();
        int producers = 4;
        int perProducer = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(producers + 1);
        List<Future<?>> done = new ArrayList<>();
        java.util.Queue<PendingEvent> evicted = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perProducer; i++) {
                    queue.offer(event(base + i));
                    if (i % 1000 == 0) {
                        PendingEvent oldest = queue.poll(); // an evicting caller, as under DROP_OLDEST
                        if (oldest != null) {
                            evicted.add(oldest);
                        }
                    }
                }
            }));
        }
        java.util.concurrent.atomic.AtomicBoolean producing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<PendingEvent> out = new ArrayList<>();
        Future<?> consumer = pool.submit(() -> {
            while (producing.get()) {
                queue.drain(out, 512);
            }
        });
        for (Future<?> f : done) {
            f.get();
        }
        producing.set(false);
        consumer.get();
        queue.drain(out, Integer.MAX_VALUE);
        pool.shutdown();
        assertThat(queue.poll()).isNull();
        // Each producer's events come out in the order it offered them; all of them, each once.
        int[] last = new int[producers];
        java.util.Arrays.fill(last, -1);
        for (PendingEvent e : out) {
            int p = e.estimatedBytes / perProducer;
            assertThat(e.estimatedBytes).isGreaterThan(last[p]);
            last[p] = e.estimatedBytes;
        }
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        out.forEach(e -> assertThat(seen.add(e.estimatedBytes)).isTrue());
        evicted.forEach(e -> assertThat(seen.add(e.estimatedBytes)).isTrue());
        assertThat(seen).hasSize(producers * perProducer);
    }

    private static PendingEvent event(int i) {
        return new PendingEvent(null, null, i);
    }
}
