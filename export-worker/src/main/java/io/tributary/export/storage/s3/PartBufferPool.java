package io.tributary.export.storage.s3;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A fixed number of fixed-size part buffers shared by every upload of one {@link S3Storage}: the whole of the
 * memory S3 uploads use, whatever the number of partitions. Buffers are allocated lazily up to the limit and
 * kept. {@link #tryAcquire()} never blocks and never allocates past the limit; when it finds none free it marks
 * the pool {@linkplain #contended() contended} until a buffer comes back. Thread-safe.
 */
final class PartBufferPool {
    private final Object lock = new Object();
    private final int partBytes;
    private final int capacity;
    private final Deque<byte[]> free = new ArrayDeque<>();
    private int allocated; // guarded by lock
    private volatile boolean contended;

    PartBufferPool(int partBytes, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the part pool needs at least one buffer, got " + capacity);
        }
        this.partBytes = partBytes;
        this.capacity = capacity;
    }

    /** A free buffer, or null when all {@link #capacity()} are lent out. */
    byte[] tryAcquire() {
        synchronized (lock) {
            byte[] buffer = free.pollFirst();
            if (buffer == null && allocated < capacity) {
                allocated++;
                buffer = new byte[partBytes];
            }
            if (buffer == null) {
                contended = true;
            }
            return buffer;
        }
    }

    /** Gives a buffer back. */
    void release(byte[] buffer) {
        synchronized (lock) {
            free.addFirst(buffer);
            contended = false;
        }
    }

    /** Whether an acquisition failed since a buffer was last given back. */
    boolean contended() {
        return contended;
    }

    int partBytes() {
        return partBytes;
    }

    int capacity() {
        return capacity;
    }

    /** Buffers lent out now. */
    int inUse() {
        synchronized (lock) {
            return allocated - free.size();
        }
    }
}
