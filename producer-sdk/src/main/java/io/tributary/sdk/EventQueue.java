package io.tributary.sdk;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The FIFO behind {@link EventBuffer}: unbounded (the buffer bounds it), many producers, and consumers that
 * take turns under one lock (the sender, and callers evicting under {@code DROP_OLDEST}).
 *
 * <p>Events sit in linked chunks of {@value #CHUNK} slots. A producer claims the next index with one atomic
 * add and fills its slot with a compare-and-set, without a lock and without a node per event; a
 * {@code ConcurrentLinkedQueue}'s node chain also made every garbage collection walk the buffered events one
 * by one, on one GC thread. A claimed slot not yet filled stops the consumer until it is, which keeps the
 * order of claims.
 *
 * <p>A producer that fails between claim and fill (a {@code StackOverflowError} or {@code OutOfMemoryError})
 * marks its slot abandoned on the way out, and the consumer skips it. Should even that fail (handling the
 * error needs stack too), the consumer gives up on a slot left empty for the stall timeout (default
 * {@value #DEFAULT_STALL_MILLIS} ms) and marks it itself. The mark is set with a compare-and-set, so a
 * producer that was only slow finds it and learns its event was not queued. The consumer reports each slot it
 * skips, once, to the callback given at construction: the buffer counts the event as dropped there.
 */
class EventQueue { // not final: tests make claim() fail
    static final int CHUNK = 1024;
    static final long DEFAULT_STALL_MILLIS = 1000;
    private static final int SHIFT = Integer.numberOfTrailingZeros(CHUNK);
    private static final int MASK = CHUNK - 1;
    /** Fills an abandoned slot; never handed out. */
    private static final PendingEvent ABANDONED = new PendingEvent(null, null, 0);

    private final AtomicLong tail = new AtomicLong();
    /** A recent chunk, where producers start looking for theirs. */
    private final AtomicReference<Chunk> producerChunk;
    /** The chunk holding the head; producers fall back to it when the hint is past their chunk. */
    private volatile Chunk consumerChunk;
    private final ReentrantLock consumerLock = new ReentrantLock();
    private final LongSupplier nanoTime;
    private final long stallNanos;
    private final Runnable onAbandoned;
    private long head; // guarded by consumerLock
    private long stalledIndex = -1; // guarded by consumerLock: the empty claimed slot the head waits at
    private long stalledSince; // guarded by consumerLock

    EventQueue() {
        this(System::nanoTime, Duration.ofMillis(DEFAULT_STALL_MILLIS), () -> { });
    }

    /**
     * @param onAbandoned called once for each slot skipped because its producer never filled it, by the
     *                    consumer holding the consumer lock
     */
    EventQueue(LongSupplier nanoTime, Duration stallTimeout, Runnable onAbandoned) {
        Chunk first = new Chunk(0);
        producerChunk = new AtomicReference<>(first);
        consumerChunk = first;
        this.nanoTime = nanoTime;
        this.stallNanos = stallTimeout.toNanos();
        this.onAbandoned = onAbandoned;
    }

    /**
     * Adds the event at the tail. Returns false, with the event not queued, when the consumer had already
     * given up waiting for its slot (then reported to {@code onAbandoned}). If this throws (an {@code Error}
     * between claim and fill), the event is not queued either, and its slot is skipped and reported too.
     */
    boolean offer(PendingEvent event) {
        return put(claim(), event);
    }

    /**
     * Fills a slot returned by {@link #claim}: what {@link #offer} does once it has claimed, for a caller that
     * must know whether a throwing offer had claimed (then the slot is skipped and reported) or not (then the
     * queue is as before, and nothing is reported).
     */
    boolean put(long index, PendingEvent event) {
        try {
            return fill(index, event);
        } catch (Throwable t) {
            abandon(index);
            throw t;
        }
    }

    /** Claims the next slot; a slot is claimed if and only if this returns. */
    long claim() {
        return tail.getAndIncrement();
    }

    /** Fills a claimed slot; false when the consumer has given up waiting for it. */
    boolean fill(long index, PendingEvent event) {
        Chunk chunk = chunk(index >>> SHIFT);
        return chunk != null && chunk.slots.compareAndSet((int) (index & MASK), null, event);
    }

    /** The oldest event, or null when empty (or when the oldest is still being written). */
    PendingEvent poll() {
        consumerLock.lock();
        try {
            return pollLocked();
        } finally {
            consumerLock.unlock();
        }
    }

    /** Moves up to {@code max} events into {@code into}, oldest first; returns how many. */
    int drain(List<PendingEvent> into, int max) {
        consumerLock.lock();
        try {
            int n = 0;
            PendingEvent event;
            while (n < max && (event = pollLocked()) != null) {
                into.add(event);
                n++;
            }
            return n;
        } finally {
            consumerLock.unlock();
        }
    }

    private PendingEvent pollLocked() {
        while (true) {
            Chunk chunk = headChunk();
            int slot = (int) (head & MASK);
            PendingEvent event = chunk == null ? null : chunk.slots.getAcquire(slot);
            if (event == null) {
                if (!stalledTooLong()) {
                    return null;
                }
                if (chunk == null) {
                    chunk = chunk(head >>> SHIFT); // its producer failed before creating it
                    consumerChunk = chunk;
                }
                if (!chunk.slots.compareAndSet(slot, null, ABANDONED)) {
                    continue; // filled just now
                }
                event = ABANDONED;
            }
            head++;
            if (event != ABANDONED) {
                chunk.slots.setPlain(slot, null);
                return event;
            }
            onAbandoned.run(); // the mark stays, so that a late producer's compare-and-set fails

        }
    }

    /** The chunk holding the head, or null when no producer has created it yet. */
    private Chunk headChunk() {
        Chunk chunk = consumerChunk;
        if (chunk.index < head >>> SHIFT) {
            Chunk next = chunk.next.get();
            if (next == null) {
                return null;
            }
            consumerChunk = next;
            chunk = next;
        }
        return chunk;
    }

    /** True when the head's slot was claimed and has stayed empty for the stall timeout. */
    private boolean stalledTooLong() {
        if (head >= tail.get()) {
            return false; // not claimed: the queue is empty
        }
        long now = nanoTime.getAsLong();
        if (stalledIndex != head) {
            stalledIndex = head;
            stalledSince = now;
            return false;
        }
        return now - stalledSince >= stallNanos;
    }

    /** Marks a claimed slot its producer will not fill; best effort, since the producer is failing. */
    private void abandon(long index) {
        try {
            Chunk chunk = chunk(index >>> SHIFT);
            if (chunk != null) {
                chunk.slots.compareAndSet((int) (index & MASK), null, ABANDONED);
            }
        } catch (Throwable t) {
            // the consumer's stall timeout will skip the slot
        }
    }

    /** The chunk with that number, created if need be; null if the consumer has already moved past it. */
    private Chunk chunk(long number) {
        Chunk chunk = producerChunk.get();
        if (chunk.index > number) {
            // Another producer moved the hint past this index: the consumer's chunk is at or before it,
            // unless the consumer gave up on the slot and moved on.
            chunk = consumerChunk;
        }
        if (chunk.index > number) {
            return null;
        }
        Chunk start = chunk;
        while (chunk.index < number) {
            Chunk next = chunk.next.get();
            if (next == null) {
                Chunk created = new Chunk(chunk.index + 1);
                next = chunk.next.compareAndSet(null, created) ? created : chunk.next.get();
            }
            chunk = next;
        }
        if (chunk != start) {
            Chunk hint = producerChunk.get();
            if (hint.index < chunk.index) {
                producerChunk.compareAndSet(hint, chunk); // a lost race leaves a newer hint: fine
            }
        }
        return chunk;
    }

    private static final class Chunk {
        final long index;
        final AtomicReferenceArray<PendingEvent> slots = new AtomicReferenceArray<>(CHUNK);
        final AtomicReference<Chunk> next = new AtomicReference<>();

        Chunk(long index) {
            this.index = index;
        }
    }
}
