package io.tributary.sdk;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The FIFO behind {@link EventBuffer}: unbounded (the buffer bounds it), many producers, and consumers that
 * take turns under one lock (the sender, and callers evicting under {@code DROP_OLDEST}).
 *
 * <p>Events sit in linked chunks of {@value #CHUNK} slots. A producer claims the next index with one atomic
 * add and writes its slot, without a lock and without a node per event; a {@code ConcurrentLinkedQueue}'s
 * node chain also made every garbage collection walk the buffered events one by one, on one GC thread.
 * A claimed slot not yet written stops the consumer until it is, which keeps the order of claims.
 */
final class EventQueue {
    static final int CHUNK = 1024;
    private static final int SHIFT = Integer.numberOfTrailingZeros(CHUNK);
    private static final int MASK = CHUNK - 1;

    private final AtomicLong tail = new AtomicLong();
    /** A recent chunk, where producers start looking for theirs. */
    private final AtomicReference<Chunk> producerChunk;
    /** The chunk holding the head; producers fall back to it when the hint is past their chunk. */
    private volatile Chunk consumerChunk;
    private final ReentrantLock consumerLock = new ReentrantLock();
    private long head; // guarded by consumerLock

    EventQueue() {
        Chunk first = new Chunk(0);
        producerChunk = new AtomicReference<>(first);
        consumerChunk = first;
    }

    void offer(PendingEvent event) {
        long index = tail.getAndIncrement();
        chunk(index >>> SHIFT).slots.setRelease((int) (index & MASK), event);
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
        Chunk chunk = consumerChunk;
        long wanted = head >>> SHIFT;
        if (chunk.index < wanted) {
            Chunk next = chunk.next.get();
            if (next == null) {
                return null;
            }
            consumerChunk = next;
            chunk = next;
        }
        int slot = (int) (head & MASK);
        PendingEvent event = chunk.slots.getAcquire(slot);
        if (event == null) {
            return null;
        }
        chunk.slots.setPlain(slot, null);
        head++;
        return event;
    }

    private Chunk chunk(long number) {
        Chunk chunk = producerChunk.get();
        if (chunk.index > number) {
            // Another producer moved the hint past this index; the head cannot be past it (this slot is
            // still empty), so the consumer's chunk is at or before it.
            chunk = consumerChunk;
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
