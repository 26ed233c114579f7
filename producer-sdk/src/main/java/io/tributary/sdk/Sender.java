package io.tributary.sdk;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's background work: drains the buffer, finishes and sends events, routes failures to the spool
 * (or counts them dropped), and replays the spool once the broker is back.
 *
 * <p>It runs on one or more daemon threads ({@link #workers()}). Each takes a batch from the buffer together
 * with a ticket, finishes (encodes) it in parallel with the others, then hands it to Kafka in ticket order,
 * so events reach {@code send} in exactly the order they entered the buffer and each session stays ordered.
 * Everything else (failures, spool) happens in that ordered turn too, so only one thread at a time
 * touches the spool or calls {@code send}. Kafka compresses records on the thread calling {@code send}, so
 * with two threads one compresses while the other encodes.
 *
 * <p>While the broker is unreachable the sender does not call {@code send} at all: events go to the spool, or
 * stay in the bounded buffer when there is no spool. Whether Kafka is back is asked once per probe interval by
 * a short-lived daemon thread ({@link KafkaProbe}: the cluster itself, not the producer's cached metadata),
 * which may wait for an answer about {@code max.block.ms} (at least a second) and then up to
 * {@code max.block.ms} more for the producer's metadata; the turns go on spooling at disk speed meanwhile. (Only the {@code send} that first finds Kafka gone waits that long in a
 * turn.)
 *
 * <p>The spool is first in, first out, and nothing overtakes it: while it holds unread events (left by an
 * outage, or by an earlier process) new batches are appended to its tail rather than sent, and each turn
 * replays up to {@value #REPLAY_BATCHES} batches of {@value #BATCH} from its head, so it drains even under
 * load. Once it is empty, batches go straight to Kafka again, after everything replayed. A replayed event whose
 * {@code send} fails before Kafka took it (broker unreachable, buffer memory exhausted, close interrupting) is
 * handed back to the spool's head ({@link DiskSpool#handBack}), so it is still the next one replayed.
 *
 * <p>Exceptions to that order, each chosen over losing events: an event Kafka fails after {@code send}
 * accepted it (a broker lost again mid-flight) goes to the spool's tail, behind events that were newer; and
 * while Kafka is reachable, a batch the spool cannot take (a write error such as a full disk, or a spool so full
 * that older spooled events would be deleted to make room) is sent at once, ahead of the spooled events.
 *
 * <p>At close, Kafka's producer is closed forcibly, which fails whatever it still holds. Those events were not
 * delivered, but nothing is wrong with them: replayed ones stay in their segments for the next start, others
 * are spooled (counted {@link DropReason#CLOSED} without a spool), never counted as failed for good.
 */
final class Sender {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    private static final int BATCH = 512;
    private static final int REPLAY_BATCHES = 4;
    private static final int READ_FAILURES_TO_BYPASS = 3;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long THROTTLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final EventBuffer buffer;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Supplier<EventFinisher> finishers;
    private final Prober prober;
    private final DiskSpool spool;
    private final Counters counters;
    private final long maxInFlight;
    private final ConcurrentLinkedQueue<PendingEvent> failures = new ConcurrentLinkedQueue<>();
    private final List<Worker> workers = new ArrayList<>();
    /** Taking a batch and its ticket happen together under this lock, so tickets follow buffer order. */
    private final ReentrantLock claimLock = new ReentrantLock();
    private final Turns turns = new Turns();
    /** Batches taken from the buffer and not yet counted in flight or finished with. */
    private final AtomicInteger inHand = new AtomicInteger();
    private long nextTicket; // guarded by claimLock
    private volatile boolean running = true;
    private volatile boolean available = true;
    /** The spool holds events that will be replayed now (Kafka reachable), so the client is not idle yet. */
    private volatile boolean backlog;
    /** Set by {@link #abandonRemaining} before it closes Kafka's producer forcibly, failing what it holds. */
    private volatile boolean closing;
    /** The ticket whose turn spools what is left at close; -1 before close. Later tickets take nothing. */
    private volatile long closingTicket = -1; // written under claimLock
    /** Set when close found a sender thread still in its turn: the thread ending the turn before it does the rest. */
    private volatile boolean closeDelegated;
    private final AtomicBoolean abandoned = new AtomicBoolean();
    private final CountDownLatch abandonDone = new CountDownLatch(1);
    private volatile Runnable afterAbandon = () -> { };
    /** Whether a batch was already sent around a spool it did not fit, since the last time it fitted (logging). */
    private boolean bypassLogged; // used in turns only
    /**
     * The thread inside {@code producer.send}, so that the callback can tell a failure reported at once. Plain:
     * only that thread needs its own writes, and no other thread can ever be the one it names.
     */
    private Thread sendingThread;
    private Exception syncFailure; // used by the sending thread only
    /** Reading the spool failed this many times in a row; from {@value #READ_FAILURES_TO_BYPASS} on it is bypassed. */
    private int readFailures; // used in turns only
    private boolean replayFailed; // used in turns only

    Sender(EventBuffer buffer, Producer<String, byte[]> producer, String topic, Supplier<EventFinisher> finishers,
            KafkaProbe probe, DiskSpool spool, Counters counters, Duration probeInterval, long maxInFlight,
            int threads) {
        this.buffer = buffer;
        this.producer = producer;
        this.topic = topic;
        this.finishers = finishers;
        this.prober = new Prober(probe, probeInterval, () -> {
            available = true;
            log.info("Tributary reached Kafka again");
        }, () -> workers.forEach(w -> LockSupport.unpark(w.thread)));
        this.spool = spool;
        this.counters = counters;
        this.maxInFlight = maxInFlight;
        for (int i = 0; i < threads; i++) {
            workers.add(new Worker(i, finishers.get()));
        }
        this.backlog = spool != null && spool.unread() > 0; // left by an earlier process
    }

    /** The loops to run, one per sender thread. */
    List<? extends Runnable> workers() {
        return workers;
    }

    /** Called once the threads exist: the first one is woken by the buffer, and wakes the others when busy. */
    void threads(List<Thread> threads) {
        for (int i = 0; i < threads.size(); i++) {
            workers.get(i).thread = threads.get(i);
        }
        buffer.consumer(threads.get(0));
    }

    boolean available() {
        return available;
    }

    /** Asks the loops to finish: each completes the round it is in and returns. */
    void stop() {
        running = false;
    }

    /** Stops the probing (see {@link Prober#stop}); the loops must have been asked to stop. */
    void stopProbe(long millis) throws InterruptedException {
        prober.stop(millis);
    }

    /**
     * True when nothing is left: buffer empty, no batch being finished, nothing in flight, no failure waiting
     * to be handled, and no spooled event about to be replayed (while Kafka is unreachable, spooled events stay
     * where they are). Read in the order events move, so an event moving meanwhile is seen at least once.
     */
    boolean idle() {
        return buffer.isEmpty() && inHand.get() == 0 && counters.inFlight.get() == 0 && !backlog
                && failures.isEmpty();
    }

    /** One sender thread's loop. */
    private final class Worker implements Runnable {
        private final int index;
        private final EventFinisher finisher;
        private final List<PendingEvent> batch = new ArrayList<>(BATCH);
        private volatile Thread thread;

        Worker(int index, EventFinisher finisher) {
            this.index = index;
            this.finisher = finisher;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    if (!round()) {
                        // At the in-flight cap, acknowledgements free room within milliseconds: re-check soon.
                        // So does an event whose slot a caller has claimed but not yet written (buffer not empty).
                        LockSupport.parkNanos(this, counters.inFlight.get() >= maxInFlight || !buffer.isEmpty()
                                ? THROTTLE_PARK_NANOS : IDLE_PARK_NANOS);
                    }
                } catch (RuntimeException | Error e) {
                    // Never let the thread die: callers' events would wait in the buffer until they are dropped.
                    log.error("Tributary sender loop failed; continuing", e);
                }
            }
        }

        /** One round: take a batch (maybe empty) and a ticket, finish it, then do the ordered turn. */
        private boolean round() {
            batch.clear();
            long ticket = -1;
            int taken = 0;
            int kept = 0;
            boolean worked = false;
            try {
                claimLock.lock();
                try {
                    ticket = nextTicket++;
                    if (closingTicket < 0 && counters.inFlight.get() < maxInFlight && (available || spool != null)) {
                        // inHand covers the events between leaving the buffer and being counted in flight, so idle()
                        // never sees them nowhere; inFlight is then raised once per batch rather than once per
                        // event. It covers only that gap: held across the turn, a thread waiting for its turn
                        // behind a slow probe would keep flush() from ever seeing the client idle.
                        inHand.incrementAndGet();
                        try {
                            taken = buffer.drain(batch, BATCH);
                            counters.inFlight.addAndGet(taken);
                        } finally {
                            inHand.decrementAndGet();
                        }
                    }
                } finally {
                    claimLock.unlock();
                }
                if (taken == BATCH && !buffer.isEmpty()) {
                    wakeNext();
                }
                kept = finishAll();
            } finally {
                // A taken ticket is always used, whatever happened: every later one waits for it.
                if (ticket >= 0) {
                    worked = turn(ticket, kept);
                }
            }
            return worked || taken > 0;
        }

        /** Waits for the ticket's turn, then does the housekeeping and delivers the batch. */
        private boolean turn(long ticket, int kept) {
            turns.await(ticket);
            long last = closingTicket;
            if (last >= 0 && ticket > last) {
                turns.end(ticket); // after close's turn: everything is spooled and the spool closed (batch empty)
                return false;
            }
            try {
                boolean worked;
                try {
                    worked = housekeeping();
                } finally {
                    deliver(batch, kept); // even after a failure in housekeeping: the batch is in flight
                }
                return worked;
            } finally {
                backlog = spoolAhead();
                turns.end(ticket);
                if (closeDelegated && ticket + 1 == closingTicket) {
                    abandonInTurn(); // close() returned without waiting for this turn: its work falls to us
                }
            }
        }

        /** Finishes the batch in place, keeping the events that can be sent; returns how many. */
        private int finishAll() {
            int kept = 0;
            for (int i = 0; i < batch.size(); i++) {
                PendingEvent event = batch.get(i);
                if (finish(finisher, event)) {
                    batch.set(kept++, event);
                } else {
                    counters.inFlight.decrementAndGet();
                }
            }
            return kept;
        }

        private void wakeNext() {
            Worker next = workers.get((index + 1) % workers.size());
            if (next != this && next.thread != null) {
                LockSupport.unpark(next.thread);
            }
        }
    }

    /** Failures, probing and replay; runs in a turn. */
    private boolean housekeeping() {
        boolean worked = handleFailures();
        if (!available) {
            if (running) {
                prober.probeIfDue();
            }
            return worked; // replay waits for a turn that finds Kafka back
        }
        return replay() || worked;
    }

    /**
     * Sends the first {@code count} events of the batch; or spools them while Kafka is unreachable, and while
     * the spool still holds older events, so that these are sent first. While Kafka is reachable, events the
     * spool cannot take (write error, or no room without deleting older spooled events) are sent instead.
     */
    private void deliver(List<PendingEvent> batch, int count) {
        if (count == 0) {
            return;
        }
        List<PendingEvent> events = batch.subList(0, count);
        // A spool that keeps failing to read is bypassed: new events need not wait for it; its events follow
        // when it reads again, or at the next start.
        if (spool == null || available && !spoolAhead()) {
            events.forEach(this::sendOrFail); // with Kafka unreachable and no spool, these fail and are counted
            return;
        }
        // Failures waiting from earlier sends are older than this batch: they go to the spool first.
        handleFailures();
        int handed = 0; // given to send, which accounts for them from then on
        int settled = 0; // spooled, or counted as dropped
        try {
            if (available && !spool.fits(events)) {
                // Queued behind the spool, these would make it delete its oldest segment: fresh events would
                // displace older ones while the broker is up. They overtake the spool instead.
                if (!bypassLogged) {
                    log.warn("Tributary spool is full; sending new events ahead of the {} spooled ones",
                            spool.unread());
                    bypassLogged = true;
                }
                for (PendingEvent event : events) {
                    handed++;
                    sendOrFail(event);
                }
                return;
            }
            bypassLogged = false;
            int written = append(events);
            settled = written;
            if (written > 0 && available) {
                backlog = true; // before the events leave inFlight, so idle() cannot miss them
            }
            if (written < count) {
                if (available) {
                    // The spool cannot take them (a full disk, say) but Kafka can: sent rather than dropped.
                    for (PendingEvent event : events.subList(written, count)) {
                        handed++;
                        sendOrFail(event);
                    }
                } else {
                    counters.drop(DropReason.SPOOL_ERROR, count - written, System.currentTimeMillis());
                    settled = count;
                }
            }
        } finally {
            // Whatever happened, events neither sent nor settled are counted, and none stays in flight for good
            // (flush() would wait for it until its timeout, every time).
            int lost = count - handed - settled;
            if (lost > 0) {
                counters.drop(DropReason.SPOOL_ERROR, lost, System.currentTimeMillis());
            }
            counters.inFlight.addAndGet(-(count - handed));
        }
    }

    /** Finishes the event, or counts it as dropped and returns false. */
    private boolean finish(EventFinisher finisher, PendingEvent event) {
        try {
            if (finisher.finish(event, counters)) {
                return true;
            }
            counters.drop(DropReason.TOO_LARGE, 1, System.currentTimeMillis());
        } catch (RuntimeException | Error e) {
            // A field the schema requires was null, or a preview's toString() threw (a cyclic toString() overflows
            // the stack; user classes can fail to link; memory ran out): it is not sent, and is counted. Letting it
            // escape would strand the batch, its events counted in flight for good.
            log.error("Tributary cannot encode an event; dropped", e);
            counters.drop(DropReason.DELIVERY_FAILED, 1, System.currentTimeMillis());
        }
        return false;
    }

    /**
     * Spools or drops whatever is left at close, then runs {@code then} (closing the spool); called on the closing
     * thread once the loops were asked to stop and waited for. That work needs the next turn: when a sender
     * thread is still in its turn (stuck past the close deadline on a hung disk, say), the thread ending the turn
     * before does it when it returns, and this returns false at once.
     *
     */
    void abandonRemaining(Runnable then) {
        // Fails anything still in Kafka's accumulator or awaiting a response, through the callbacks, before close
        // returns; with closing set, those failures mean "not delivered", not "rejected for good". A sender
        // thread still busy finds Kafka closed: what it had not handed over is kept, and spooled below.
        closing = true;
        try {
            producer.close(Duration.ZERO);
        } catch (RuntimeException e) { // an interceptor or metrics reporter failing to close: the events come first
            log.warn("Tributary: closing Kafka's producer failed", e);
        }
        afterAbandon = then;
        claimLock.lock();
        try {
            closingTicket = nextTicket++;
        } finally {
            claimLock.unlock();
        }
        if (!turns.isTurn(closingTicket)) {
            closeDelegated = true;
            // Checked again after the flag is set: a turn that ended in between may not have seen the flag.
            if (!turns.isTurn(closingTicket)) {
                log.warn("Tributary sender thread still busy at close; it spools what is left when it returns");
                return;
            }
        }
        if (!abandonInTurn()) {
            // Lost only to a sender thread that ended its turn just now and is doing the work: not stuck, so wait.
            awaitAbandoned(TimeUnit.SECONDS.toNanos(1));
        }
    }

    /** Waits up to {@code nanos} for close's work to be done (by whichever thread). */
    private void awaitAbandoned(long nanos) {
        try {
            abandonDone.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Does close's work in its turn, once, on whichever thread gets here first; then ends the turn. */
    private boolean abandonInTurn() {
        if (!abandoned.compareAndSet(false, true)) {
            return false;
        }
        try {
            try {
                spoolRemaining();
            } finally {
                afterAbandon.run(); // closes the spool and gives close its answer, whatever happened
            }
        } finally {
            abandonDone.countDown();
            turns.end(closingTicket);
        }
        return true;
    }

    private void spoolRemaining() {
        handleFailures();
        List<PendingEvent> rest = new ArrayList<>();
        buffer.drain(rest, Integer.MAX_VALUE);
        if (spool == null) {
            counters.drop(DropReason.CLOSED, rest.size(), System.currentTimeMillis());
            return;
        }
        List<PendingEvent> encoded = new ArrayList<>();
        EventFinisher finisher = finishers.get();
        for (PendingEvent event : rest) {
            if (finish(finisher, event)) {
                encoded.add(event);
            }
        }
        spoolOrDrop(encoded, DropReason.CLOSED);
    }

    /** Hands the event to Kafka, or queues it as failed; the caller has already counted it in flight. */
    private void sendOrFail(PendingEvent event) {
        if (!send(event)) {
            failures.add(event);
        }
    }

    /**
     * Hands the event to Kafka; the caller has already counted it in flight. Returns false when Kafka did not
     * take it and it may be sent again later (Kafka unreachable, or close interrupting): the caller then owns it.
     * An event Kafka refuses for good, now or later, goes to the failures with its reason.
     */
    private boolean send(PendingEvent event) {
        if (!available) {
            // Kafka became unreachable earlier in this batch: do not wait max.block.ms once per event.
            return false;
        }
        syncFailure = null;
        sendingThread = Thread.currentThread();
        try {
            producer.send(new ProducerRecord<>(topic, event.key, event.value), (metadata, error) -> {
                if (error != null && Thread.currentThread() == sendingThread) {
                    // KafkaProducer reports what it finds before queueing the record (metadata not available
                    // within max.block.ms, buffer memory exhausted, a record too large) by calling back at once,
                    // on the sending thread, rather than by throwing: handled below as if thrown.
                    syncFailure = error;
                    return;
                }
                if (error == null) {
                    counters.sent.increment();
                    counters.inFlight.decrementAndGet();
                    if (event.origin != null) {
                        event.origin.resolve();
                    }
                } else {
                    counters.failed.increment();
                    // With closing set, our own forced close failed it (kafka-clients fails every unfinished batch
                    // with a plain, not retriable, KafkaException): not delivered, but nothing is wrong with it.
                    if (error instanceof RetriableException) {
                        available = false;
                        prober.kafkaGone();
                    } else if (!closing || error instanceof ApiException) {
                        event.permanentFailure = error;
                    }
                    failures.add(event); // stays in flight until the sender spools or drops it
                }
            });
        } catch (InterruptException e) {
            // close() interrupted send while it waited for metadata or buffer memory: the record was not
            // queued, and nothing after it in this batch will be, so the rest follows it to the spool in order.
            counters.failed.increment();
            available = false;
            return false;
        } catch (KafkaException e) {
            syncFailure = e;
        } catch (IllegalStateException e) {
            if (!closing) {
                throw e;
            }
            return false; // close() closed Kafka's producer while this thread was still busy: kept for the spool
        } finally {
            sendingThread = null;
        }
        if (syncFailure != null) {
            return notQueued(event, syncFailure);
        }
        if (spool == null) {
            // Only the spool reads the bytes after a failure: without one, do not keep them while in flight.
            event.key = null;
            event.value = null;
        }
        return true;
    }

    /**
     * Handles a record Kafka refused before queueing it. Kafka unreachable: returns false, and the caller keeps
     * the event and those after it. Otherwise (a record too large, say) it is a permanent failure, handled like
     * one reported later: returns true.
     */
    private boolean notQueued(PendingEvent event, Exception e) {
        if (closing && !(e instanceof ApiException)) {
            return false; // "producer closed while send in progress": close() got there first, nothing is wrong
        }
        counters.failed.increment();
        if (e instanceof RetriableException) {
            available = false;
            prober.kafkaGone();
            log.warn("Tributary cannot reach Kafka ({}); {}", e.toString(),
                    spool != null ? "spooling to disk" : "keeping events in the buffer");
            return false;
        }
        event.permanentFailure = e;
        failures.add(event);
        return true;
    }

    private boolean handleFailures() {
        if (failures.isEmpty()) {
            return false;
        }
        List<PendingEvent> failed = new ArrayList<>();
        List<PendingEvent> rejected = new ArrayList<>();
        List<PendingEvent> kept = new ArrayList<>();
        PendingEvent event;
        while ((event = failures.poll()) != null) {
            if (event.permanentFailure != null) {
                rejected.add(event);
            } else if (closing && event.origin != null && !event.origin.deleted) {
                // Replayed, and not delivered because we are closing: it is still in its segment, in its place,
                // and the next start replays it from there (a copy appended to the tail would come too late).
                kept.add(event);
            } else {
                failed.add(event);
            }
        }
        if (!rejected.isEmpty()) {
            // Kafka refused these for good (too large for the broker, not authorized, ...): retrying cannot help.
            log.error("Tributary: Kafka rejected {} events: {}", rejected.size(), rejected.get(0).permanentFailure.toString());
            counters.drop(DropReason.DELIVERY_FAILED, rejected.size(), System.currentTimeMillis());
        }
        handBack(kept);
        spoolOrDrop(failed, closing ? DropReason.CLOSED
                : spool == null ? DropReason.DELIVERY_FAILED : DropReason.SPOOL_ERROR);
        failed.addAll(rejected);
        for (PendingEvent f : failed) {
            counters.inFlight.decrementAndGet();
            if (f.origin != null) {
                f.origin.resolve();
            }
        }
        return true;
    }

    /**
     * True when spooled events are to go first: Kafka is reachable, the spool can be read, and it holds unread
     * events. New batches then join the spool's tail; otherwise they go straight to Kafka.
     */
    private boolean spoolAhead() {
        return spool != null && available && !replayFailed && spool.unread() > 0;
    }

    /** Appends the events to the spool; those not written (all of them without a spool) are dropped. */
    private void spoolOrDrop(List<PendingEvent> events, DropReason reasonIfNotWritten) {
        int written = append(events);
        if (written < events.size()) {
            counters.drop(reasonIfNotWritten, events.size() - written, System.currentTimeMillis());
        }
    }

    /** Appends the events to the spool; returns how many (the first ones) were written: none without a spool. */
    private int append(List<PendingEvent> events) {
        if (spool == null || events.isEmpty()) {
            return 0;
        }
        try {
            spool.append(events);
            return events.size();
        } catch (SpoolWriteException e) {
            log.error("Tributary spool write failed after {} of {} events", e.appended(), events.size(), e);
            return e.appended();
        }
    }

    /**
     * Returns replayed events Kafka did not take to the spool's head, where they are read again first, and
     * takes them out of flight (in that order, so idle() never sees them nowhere).
     */
    private void handBack(List<PendingEvent> events) {
        if (!events.isEmpty()) {
            spool.handBack(events);
            counters.inFlight.addAndGet(-events.size());
        }
    }

    /** Sends up to {@value #REPLAY_BATCHES} batches from the spool's head; more than a turn adds to its tail. */
    private boolean replay() {
        if (spool == null) {
            return false;
        }
        boolean worked = false;
        for (int i = 0; i < REPLAY_BATCHES && available && counters.inFlight.get() < maxInFlight; i++) {
            List<PendingEvent> events;
            inHand.incrementAndGet(); // read from the spool, not yet in flight: not idle
            try {
                events = spool.read(BATCH);
                counters.inFlight.addAndGet(events.size());
                replayFailed = false;
                readFailures = 0;
            } catch (IOException e) {
                // A passing error (the next read opens the segment again) keeps its place in the order; one that
                // persists would hold new events back for good, so after a few the spool is bypassed.
                if (++readFailures >= READ_FAILURES_TO_BYPASS && !replayFailed) {
                    log.error("Tributary spool read keeps failing; new events bypass it while it is retried", e);
                    replayFailed = true;
                }
                return worked;
            } finally {
                inHand.decrementAndGet();
            }
            if (events.isEmpty()) {
                break;
            }
            worked = true;
            for (int j = 0; j < events.size(); j++) {
                if (!send(events.get(j))) {
                    // Kafka did not take it (nor, then, the rest): back to the spool's head, not to its tail,
                    // where a batch appended later in this turn would be ahead of them.
                    handBack(events.subList(j, events.size()));
                    return true;
                }
            }
        }
        return worked;
    }
}
