package io.tributary.sdk;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Runs items through one consumer in ticket order, one at a time, so what the consumer touches needs no lock of
 * its own. Tickets are handed out in order elsewhere. A thread holding a ticket waits for its turn and runs its
 * item itself ({@link #runInTurn}), so that threads encode in parallel and take turns only to dispatch. An
 * item can also be handed over without waiting ({@link #handOver}): it runs at once when its turn has come,
 * and otherwise on the thread that ends the turn before it. Every ticket handed out must be used, or every later
 * one waits forever.
 *
 * @param <T> the items
 */
final class Sequencer<T> {
    private final Predicate<T> consumer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    /** Items handed over whose turn had not come: run by the thread ending the turn before. */
    private final ConcurrentHashMap<Long, T> handedOver = new ConcurrentHashMap<>();
    /** The ticket whose turn it is. */
    private volatile long current;

    /** @param consumer runs one item, returning whether it did any work */
    Sequencer(Predicate<T> consumer) {
        this.consumer = consumer;
    }

    /**
     * Waits for this ticket's turn, runs the item, and ends the turn (also when the item throws). Waiting is
     * uninterruptible, since a skipped ticket would block the rest; an interrupt meanwhile is kept. Returns
     * whether the item did any work.
     */
    boolean runInTurn(long ticket, T item) {
        awaitTurn(ticket);
        try {
            return consumer.test(item);
        } finally {
            advance(ticket);
        }
    }

    /** Hands the item of this ticket over: run now when its turn has come, else by whoever ends the turn before. */
    void handOver(long ticket, T item) {
        handedOver.put(ticket, item);
        // The turn before may have ended between the two lines: then it is ours to run, if still there (the
        // thread that ended it may have found and taken it too: whoever removes it runs it).
        if (current == ticket) {
            T mine = handedOver.remove(ticket);
            if (mine != null) {
                try {
                    consumer.test(mine);
                } finally {
                    advance(ticket);
                }
            }
        }
    }

    private void awaitTurn(long ticket) {
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

    /** Ends this ticket's turn, then runs the items handed over whose turn that makes it, in order. */
    private void advance(long ticket) {
        long next = ticket + 1;
        setCurrent(next);
        T item;
        while ((item = handedOver.remove(next)) != null) {
            try {
                consumer.test(item);
            } finally {
                next++;
                setCurrent(next); // a failed item is used all the same: every later one waits for it
            }
        }
    }

    private void setCurrent(long ticket) {
        lock.lock();
        try {
            current = ticket;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
