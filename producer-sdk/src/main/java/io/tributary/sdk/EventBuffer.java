package io.tributary.sdk;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The bounded hand-off between callers and the sender thread, limited by events and by estimated bytes.
 * Callers never take a lock on the fast path: room is reserved with two atomic adds, the event goes into a
 * slot of a lock-free {@link EventQueue}, and the sender is woken only when the buffer turns non-empty.
 */
final class EventBuffer {
    private final EventQueue queue;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final long maxEvents;
    private final long maxBytes;
    private final BackpressurePolicy policy;
    private final Counters counters;
    private final ReentrantLock roomLock = new ReentrantLock();
    private final Condition room = roomLock.newCondition();
    private final AtomicInteger waiters = new AtomicInteger();
    private volatile Thread consumer;

    EventBuffer(long maxEvents, long maxBytes, BackpressurePolicy policy, Counters counters) {
        this(maxEvents, maxBytes, policy, counters, Duration.ofMillis(EventQueue.DEFAULT_STALL_MILLIS));
    }

    /** @param stallTimeout how long a slot a caller claimed may stay empty before the sender skips it */
    EventBuffer(long maxEvents, long maxBytes, BackpressurePolicy policy, Counters counters, Duration stallTimeout) {
        this(maxEvents, maxBytes, policy, counters,
                onAbandoned -> new EventQueue(System::nanoTime, stallTimeout, onAbandoned));
    }

    /** @param queues creates the queue, given what it must call for each slot it skips */
    EventBuffer(long maxEvents, long maxBytes, BackpressurePolicy policy, Counters counters,
            Function<Runnable, EventQueue> queues) {
        // A skipped slot held an event its caller failed to hand over (it ran out of stack or memory midway), or
        // one whose caller paused so long (over the stall timeout, 1 s by default) between claiming the slot and
        // filling it that the sender gave up on it; that caller's offer returns false.
        this.queue = queues.apply(() -> {
            depth.decrementAndGet();
            counters.drop(DropReason.DELIVERY_FAILED, 1, System.currentTimeMillis());
        });
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.policy = policy;
        this.counters = counters;
    }

    void consumer(Thread thread) {
        this.consumer = thread;
    }

    /** Adds the event, applying the back-pressure policy when full; false when the event was refused. */
    boolean offer(PendingEvent event) {
        if (!reserve(event.estimatedBytes)) {
            switch (policy.kind()) {
                case DROP_OLDEST -> {
                    if (!evictUntilReserved(event.estimatedBytes)) {
                        return refuse();
                    }
                }
                case BLOCK -> {
                    if (!awaitRoom(event.estimatedBytes)) {
                        return refuse();
                    }
                }
                default -> {
                    return refuse();
                }
            }
        }
        long slot;
        try {
            slot = queue.claim();
        } catch (Throwable t) {
            // This thread failed (out of stack or memory) before taking a slot: nothing will ever be skipped and
            // counted for it, so the room it reserved is given back here, depth included, and the event (counted
            // as received by the client) is counted here as dropped, like one whose slot is skipped.
            release(event);
            counters.drop(DropReason.DELIVERY_FAILED, 1, System.currentTimeMillis());
            throw t;
        }
        boolean queued;
        try {
            queued = queue.put(slot, event);
        } catch (Throwable t) {
            // This thread failed between taking a slot and filling it (out of stack or memory): the event is
            // not queued. The sender skips the slot and counts it, with its place in the depth; bytes are ours.
            bytes.addAndGet(-event.estimatedBytes);
            throw t;
        }
        if (!queued) {
            // Stalled so long (a caller paused over the stall timeout between claiming the slot and filling it)
            // that the sender gave up on the slot: the event is refused and counted DELIVERY_FAILED there.
            bytes.addAndGet(-event.estimatedBytes);
            return false;
        }
        Thread sender = consumer;
        if (sender != null && depth.get() == 1) {
            LockSupport.unpark(sender);
        }
        return true;
    }

    /** Moves up to {@code max} events into {@code into}; returns how many. */
    int drain(List<PendingEvent> into, int max) {
        int from = into.size();
        int n = queue.drain(into, max);
        if (n == 0) {
            return 0;
        }
        long freedBytes = 0;
        for (int i = from; i < from + n; i++) {
            freedBytes += into.get(i).estimatedBytes;
        }
        // Released once per batch: the counters are shared with every caller, so per-event updates would
        // bounce their cache line between cores for each event.
        bytes.addAndGet(-freedBytes);
        depth.addAndGet(-n);
        if (waiters.get() > 0) {
            roomLock.lock();
            try {
                room.signalAll();
            } finally {
                roomLock.unlock();
            }
        }
        return n;
    }

    boolean isEmpty() {
        return depth.get() == 0;
    }

    long depth() {
        return depth.get();
    }

    long bytes() {
        return bytes.get();
    }

    long maxEvents() {
        return maxEvents;
    }

    private boolean reserve(int eventBytes) {
        if (depth.incrementAndGet() > maxEvents) {
            depth.decrementAndGet();
            return false;
        }
        long total = bytes.addAndGet(eventBytes);
        // A single event larger than the whole byte budget is let in alone, so it is dropped for its size later
        // (and counted as TOO_LARGE) rather than blocking the buffer forever.
        if (total > maxBytes && total != eventBytes) {
            bytes.addAndGet(-eventBytes);
            depth.decrementAndGet();
            return false;
        }
        return true;
    }

    private void release(PendingEvent event) {
        bytes.addAndGet(-event.estimatedBytes);
        depth.decrementAndGet();
    }

    private boolean evictUntilReserved(int eventBytes) {
        do {
            PendingEvent oldest = queue.poll();
            if (oldest == null) {
                return reserve(eventBytes);
            }
            release(oldest);
            counters.drop(DropReason.QUEUE_FULL, 1, System.currentTimeMillis());
        } while (!reserve(eventBytes));
        return true;
    }

    private boolean awaitRoom(int eventBytes) {
        long remaining = policy.timeout().toNanos();
        waiters.incrementAndGet();
        roomLock.lock();
        try {
            while (!reserve(eventBytes)) {
                if (remaining <= 0) {
                    return false;
                }
                // The sender signals under this lock, so no signal is lost; the 10 ms slices only re-check
                // byte room freed by evictions elsewhere.
                long slice = Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(10));
                remaining -= slice - room.awaitNanos(slice);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            roomLock.unlock();
            waiters.decrementAndGet();
        }
    }

    private boolean refuse() {
        counters.drop(DropReason.QUEUE_FULL, 1, System.currentTimeMillis());
        return false;
    }
}
