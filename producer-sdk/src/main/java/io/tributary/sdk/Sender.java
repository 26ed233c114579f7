package io.tributary.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's background work, in two stages: an encode stage of one or more daemon threads
 * ({@link Encoder}), and one {@link Dispatcher} that they hand their batches to in ticket order
 * ({@link Sequencer}), so events reach Kafka in exactly the order they entered the buffer and each session
 * stays ordered. Each encode thread runs the dispatcher for its own batch when its turn comes, so the
 * dispatcher runs on one thread at a time; Kafka compresses on the thread calling {@code send}, so with two
 * threads one compresses while the other encodes.
 *
 * <p>Closing is a command handed over to the dispatcher with the last ticket, and awaited with a bound: it runs
 * at once when no encode thread is in its turn; when one still is (stuck past close's deadline on a hung disk,
 * say), that thread runs close's command when it ends its turn, and {@link #close} returns false meanwhile.
 *
 * <p>At close, Kafka's producer is closed forcibly, which fails whatever it still holds. Those events were not
 * delivered, but nothing is wrong with them: replayed ones stay in their segments for the next start, others
 * are spooled (counted {@link DropReason#CLOSED} without a spool), never counted as failed for good.
 */
final class Sender {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    /** How long close waits for its command when another thread is dispatching. */
    private static final long CLOSE_COMMAND_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventBuffer buffer;
    private final Counters counters;
    private final long maxInFlight;
    private final Dispatcher dispatcher;
    private final Sequencer<Dispatcher.Command> sequencer;
    private final List<Encoder> encoders = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Taking a batch and its ticket happen together under this lock, so tickets follow buffer order. */
    private final ReentrantLock claimLock = new ReentrantLock();
    private long nextTicket; // guarded by claimLock
    private boolean closing; // guarded by claimLock: close has its ticket, later ones take nothing
    /** Events taken from a source (buffer, spool) and not yet counted in flight. */
    private final AtomicInteger inHand = new AtomicInteger();
    private volatile boolean running = true;
    private final boolean hasSpool;

    /**
     * @param threads creates the encode threads (daemon threads, named after the client)
     */
    Sender(EventBuffer buffer, Producer<String, byte[]> producer, String topic, Supplier<EventFinisher> finishers,
            KafkaProbe probe, DiskSpool spool, Counters counters, Duration probeInterval, long maxInFlight,
            int encodeThreads, ThreadFactory threads) {
        this.buffer = buffer;
        this.counters = counters;
        this.maxInFlight = maxInFlight;
        this.hasSpool = spool != null;
        this.dispatcher = new Dispatcher(buffer, counters, maxInFlight, inHand, finishers, this::running, producer,
                topic, spool, probe, probeInterval, this::wake);
        this.sequencer = new Sequencer<>(dispatcher::handle);
        for (int i = 0; i < encodeThreads; i++) {
            encoders.add(new Encoder(this, finishers.get(), counters));
        }
        for (Encoder encoder : encoders) {
            this.threads.add(threads.newThread(encoder));
        }
        for (int i = 0; i < encoders.size(); i++) {
            encoders.get(i).bind(this.threads.get(i), encoders.get((i + 1) % encoders.size()));
        }
        buffer.consumer(this.threads.get(0)); // the first is woken by the buffer, and wakes the others when busy
    }

    /** Starts the encode threads. */
    void start() {
        threads.forEach(Thread::start);
    }

    /** The dispatcher's state now. */
    DispatchState state() {
        return dispatcher.state();
    }

    /** Whether Kafka is taken to be reachable. */
    boolean available() {
        return dispatcher.state().reachable();
    }

    /**
     * True when nothing is left: buffer empty, no batch being finished, nothing in flight, no failure waiting
     * to be handled, and no spooled event about to be replayed (while Kafka is unreachable, spooled events stay
     * where they are). Read in the order events move, so an event moving meanwhile is seen at least once.
     */
    boolean idle() {
        return buffer.isEmpty() && inHand.get() == 0 && counters.inFlight.get() == 0
                && dispatcher.state() != DispatchState.REPLAYING && !dispatcher.failuresWaiting();
    }

    /** Wakes every encode thread. */
    void wake() {
        threads.forEach(LockSupport::unpark);
    }

    /** Whether any encode thread is still running. */
    boolean anyAlive() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    /**
     * Asks the encode threads to stop and waits for them until the deadline ({@link System#nanoTime}); then
     * interrupts those still busy and gives them one more second in all, and stops a probe still waiting for
     * Kafka (another second and a half at most). Returns whether the calling thread was interrupted meanwhile.
     */
    boolean stop(long deadline) {
        running = false;
        wake();
        // Interrupted again meanwhile: stop waiting, but still end every thread below.
        boolean interrupted = !joinAll(deadline);
        threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
        interrupted |= !joinAll(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        try {
            dispatcher.stopProbe(1000);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        return interrupted;
    }

    /** Waits until the deadline at most for the encode threads to end; false when interrupted meanwhile. */
    private boolean joinAll(long deadline) {
        try {
            for (Thread thread : threads) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (thread.isAlive()) {
                    thread.join(Math.max(1, left));
                }
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * Closes Kafka's producer forcibly, then hands close's command (spool or count what is left, then run
     * {@code then}) to the dispatcher and waits a second at most for it to run. Call after {@link #stop}.
     * Returns whether it ran: when an encode thread is still dispatching, that thread runs it when it returns.
     */
    boolean close(Runnable then) {
        dispatcher.closeProducer();
        long ticket;
        claimLock.lock();
        try {
            closing = true;
            ticket = nextTicket++;
        } finally {
            claimLock.unlock();
        }
        Dispatcher.Close command = new Dispatcher.Close(then);
        sequencer.handOver(ticket, command);
        if (command.await(CLOSE_COMMAND_NANOS)) {
            return true;
        }
        log.warn("Tributary sender thread still busy at close; it spools what is left when it returns");
        return false;
    }

    boolean running() {
        return running;
    }

    /** At the in-flight cap, or events waiting: worth looking again soon. */
    boolean throttled() {
        return counters.inFlight.get() >= maxInFlight || !buffer.isEmpty();
    }

    boolean moreWaiting() {
        return !buffer.isEmpty();
    }

    /**
     * A ticket, and whether the in-flight cap had room when it was taken: a step replays from the spool only
     * then, so that room freed while it runs goes to the events waiting in the buffer first (they join the
     * spool's tail in the next step) rather than to yet more replayed ones.
     */
    record Claim(long ticket, boolean room) {
    }

    /**
     * Takes a ticket, and with it a batch from the buffer into {@code into} (counted in flight) unless close has
     * its ticket, the in-flight cap is reached, or Kafka is unreachable without a spool (events then wait in
     * the buffer).
     */
    Claim claim(List<PendingEvent> into) {
        claimLock.lock();
        try {
            long ticket = nextTicket++;
            boolean room = counters.inFlight.get() < maxInFlight;
            if (!closing && room && (available() || hasSpool)) {
                // inHand covers the events between leaving the buffer and being counted in flight, so idle()
                // never sees them nowhere; inFlight is then raised once per batch rather than once per event.
                inHand.incrementAndGet();
                try {
                    counters.inFlight.addAndGet(buffer.drain(into, Dispatcher.BATCH));
                } catch (RuntimeException | Error e) {
                    // The ticket is taken and must be used: the failure is reported, not thrown.
                    into.clear();
                    log.error("Tributary sender loop failed; continuing", e);
                } finally {
                    inHand.decrementAndGet();
                }
            }
            return new Claim(ticket, room);
        } finally {
            claimLock.unlock();
        }
    }

    /** Waits for this ticket's turn and runs its command in the dispatcher; true when work was done. */
    boolean dispatch(long ticket, Dispatcher.Command command) {
        return sequencer.runInTurn(ticket, command);
    }

}
