package io.tributary.sdk;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets the sender threads act one at a time in ticket order: the holder of ticket {@code n} goes after the
 * holder of {@code n - 1} has ended its turn. Tickets are handed out in order elsewhere (with the batch they
 * belong to); every ticket handed out must be used, or every later holder waits forever.
 */
final class Turns {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private volatile long current;

    /** Waits until it is this ticket's turn. Uninterruptible, since a skipped ticket would block the rest. */
    void await(long ticket) {
        if (current == ticket) {
            return;
        }
        lock.lock();
        try {
            while (current != ticket) {
                advanced.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether it is this ticket's turn now. */
    boolean isTurn(long ticket) {
        return current == ticket;
    }

    /** Ends this ticket's turn and lets the next one go. */
    void end(long ticket) {
        lock.lock();
        try {
            current = ticket + 1;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
