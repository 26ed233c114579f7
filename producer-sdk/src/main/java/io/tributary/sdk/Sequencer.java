package io.tributary.sdk;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Hands items to one consumer in ticket order, whichever threads submit them and in whatever order they
 * arrive: the consumer runs on one thread at a time (the one holding the run lock), so what it touches needs no
 * other lock. A submitting thread runs every item that is ready in order, its own and others'; when another
 * thread is running items, that one runs the submitted item too, after the ones before it. Tickets are handed
 * out in order elsewhere; every ticket handed out must be submitted, or the items after it wait forever.
 *
 * @param <T> the items
 */
final class Sequencer<T> {
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Predicate<T> consumer;
    private final ConcurrentHashMap<Long, T> ready = new ConcurrentHashMap<>();
    private final ReentrantLock runLock = new ReentrantLock();
    private final ReentrantLock doneLock = new ReentrantLock();
    private final Condition advanced = doneLock.newCondition();
    /** The next ticket to run; written under {@link #runLock}. */
    private volatile long next;

    /** @param consumer runs one item, returning whether it did any work */
    Sequencer(Predicate<T> consumer) {
        this.consumer = consumer;
    }

    /** Submits the item of this ticket and runs what is ready, unless another thread is; true when work was done. */
    boolean submit(long ticket, T item) {
        ready.put(ticket, item);
        return runReady();
    }

    /** Whether this ticket's item has run (or failed running). */
    boolean done(long ticket) {
        return next > ticket;
    }

    /**
     * Waits until this ticket's item has run, helping to run the items before it. Uninterruptible, like the
     * consumer's work it waits for; an interrupt received meanwhile is kept.
     */
    void awaitDone(long ticket) {
        boolean interrupted = false;
        while (!done(ticket)) {
            runReady();
            doneLock.lock();
            try {
                if (!done(ticket)) {
                    advanced.awaitNanos(RECHECK_NANOS);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                doneLock.unlock();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the ready items in ticket order while this thread gets the run lock. Checked again after the lock is
     * released: an item submitted while another thread was finishing is run by one of the two.
     */
    private boolean runReady() {
        boolean worked = false;
        while (ready.containsKey(next) && runLock.tryLock()) {
            try {
                T item;
                while ((item = ready.remove(next)) != null) {
                    try {
                        worked |= consumer.test(item);
                    } finally {
                        next++; // a failed item is used all the same: every later one waits for it
                        signalAdvanced();
                    }
                }
            } finally {
                runLock.unlock();
            }
        }
        return worked;
    }

    private void signalAdvanced() {
        doneLock.lock();
        try {
            advanced.signalAll();
        } finally {
            doneLock.unlock();
        }
    }
}
