package io.tributary.sdk;

import io.tributary.sdk.DispatchState.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes encoded batches by its {@link DispatchState}: to Kafka, or to the spool's tail, replaying the spool's
 * head while Kafka is reachable and probing while it is not, and finally runs close's command. It runs on one
 * thread at a time, in ticket order ({@link Sequencer}), so its state needs no lock; other threads only
 * {@link #signal} what they learn (Kafka lost or back), which it applies in arrival order before it routes and
 * before each send.
 *
 * <p>The spool is first in, first out, and nothing overtakes it: while it holds unread events new batches join
 * its tail, and each step replays up to {@value #REPLAY_BATCHES} batches of {@value #BATCH} from its head, so it
 * drains even under load. A replayed event whose {@code send} fails before Kafka took it is handed back to the
 * spool's head, so it is still the next one replayed. Exceptions, each chosen over losing events: an event
 * Kafka fails after accepting it goes to the spool's tail; and while Kafka is reachable a batch the spool cannot
 * take is sent ahead of it ({@link SpoolingOutput}).
 */
final class Dispatcher {
    static final int BATCH = 512;
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int REPLAY_BATCHES = 4;
    private static final int READ_FAILURES_TO_BYPASS = 3;

    /** What the dispatcher is handed, in ticket order. */
    interface Command {
    }

    /**
     * The first {@code count} events of {@code events}, encoded and counted in flight (maybe none); {@code room}:
     * whether the in-flight cap had room when they were taken (see {@link Sender.Claim}).
     */
    record Deliver(List<PendingEvent> events, int count, boolean room) implements Command {
    }

    /** Spool or count what is left, then run {@code then}; done once, and awaited by close with a bound. */
    static final class Close implements Command {
        private final Runnable then;
        private final CountDownLatch done = new CountDownLatch(1);

        Close(Runnable then) {
            this.then = then;
        }

        /** Waits up to {@code nanos} for the command to have run; true when it has. */
        boolean await(long nanos) {
            try {
                return done.await(nanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done.getCount() == 0;
            }
        }
    }

    private final EventBuffer buffer;
    private final Counters counters;
    private final long maxInFlight;
    private final AtomicInteger inHand;
    private final Supplier<EventFinisher> finishers;
    private final BooleanSupplier running;
    private final KafkaOutput kafka;
    private final SpoolingOutput output;
    private final Prober prober;
    private final ConcurrentLinkedQueue<Event> signals = new ConcurrentLinkedQueue<>();
    /** Written by the dispatching thread only; read by others (health, idle, whether to take a batch). */
    private volatile DispatchState state;
    /** Reading the spool failed this many times in a row. */
    private int readFailures;

    /**
     * @param inHand   raised while events are between a source and being counted in flight
     * @param running  false once the sender is stopping: no new probe starts
     * @param spool    the spool, or null for none
     * @param probe    asks whether Kafka is back, at most once per {@code probeInterval}
     * @param wake     wakes the encode threads (after each probe)
     */
    Dispatcher(EventBuffer buffer, Counters counters, long maxInFlight, AtomicInteger inHand,
            Supplier<EventFinisher> finishers, BooleanSupplier running, Producer<String, byte[]> producer,
            String topic, DiskSpool spool, KafkaProbe probe, Duration probeInterval, Runnable wake) {
        this.buffer = buffer;
        this.counters = counters;
        this.maxInFlight = maxInFlight;
        this.inHand = inHand;
        this.finishers = finishers;
        this.running = running;
        this.prober = new Prober(probe, probeInterval, () -> {
            signal(Event.KAFKA_BACK);
            log.info("Tributary reached Kafka again");
        }, wake, System::nanoTime);
        this.kafka = new KafkaOutput(producer, topic, counters, spool != null, this::reachable, () -> {
            signal(Event.KAFKA_LOST);
            prober.kafkaGone();
        });
        this.output = new SpoolingOutput(kafka, spool, counters);
        this.state = output.backlog() ? DispatchState.REPLAYING : DispatchState.CONNECTED; // left by an earlier process
    }

    DispatchState state() {
        return state;
    }

    /** Whether failures reported by Kafka wait to be settled; any thread. */
    boolean failuresWaiting() {
        return kafka.hasFailures();
    }

    /** Closes Kafka's producer forcibly, before close's command: see {@link KafkaOutput#closeProducer}. */
    void closeProducer() {
        kafka.closeProducer();
    }

    /** Stops the probing (see {@link Prober#stop}); the encode threads must have been asked to stop. */
    void stopProbe(long millis) throws InterruptedException {
        prober.stop(millis);
    }

    /** Tells the dispatcher something it applies at its next look; any thread. */
    void signal(Event event) {
        signals.add(event);
    }

    /** Runs one command; true when it did any work. Called by one thread at a time, in ticket order. */
    boolean handle(Command command) {
        if (command instanceof Close close) {
            return close(close);
        }
        Deliver deliver = (Deliver) command;
        return deliver(deliver.events().subList(0, deliver.count()), deliver.room());
    }

    /** Whether sends are attempted now; applies the signals first. Dispatching thread only. */
    boolean reachable() {
        applySignals();
        return state.reachable();
    }

    private boolean deliver(List<PendingEvent> events, boolean room) {
        if (state == DispatchState.CLOSED) {
            return false; // batches after close's are empty: nothing is taken once close has its ticket
        }
        try {
            boolean worked;
            try {
                worked = housekeeping(room);
            } finally {
                look(); // even after a failure in housekeeping: the batch is in flight
                route(events);
            }
            return worked;
        } finally {
            look();
        }
    }

    /** Failures, then probing, or replay when the in-flight cap had room for the step. */
    private boolean housekeeping(boolean room) {
        boolean worked = output.settleFailures();
        if (!reachable()) {
            if (running.getAsBoolean()) {
                prober.probeIfDue();
            }
            return worked; // replay waits for a step that finds Kafka back
        }
        return room && replay() || worked;
    }

    private void route(List<PendingEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        switch (state) {
            case CONNECTED, SPOOL_UNREADABLE -> output.send(events);
            case REPLAYING -> output.store(events, true);
            case OUTAGE -> output.store(events, false);
            case CLOSED -> throw new IllegalStateException("batch after close");
        }
    }

    /** Sends up to {@value #REPLAY_BATCHES} batches from the spool's head; more than a step adds to its tail. */
    private boolean replay() {
        if (!output.hasSpool()) {
            return false;
        }
        boolean worked = false;
        for (int i = 0; i < REPLAY_BATCHES && reachable() && counters.inFlight.get() < maxInFlight; i++) {
            List<PendingEvent> events;
            inHand.incrementAndGet(); // read from the spool, not yet in flight: not idle
            try {
                events = output.read(BATCH);
                counters.inFlight.addAndGet(events.size());
                readFailures = 0;
                on(Event.READ_OK);
            } catch (IOException e) {
                // A passing error (the next read opens the segment again) keeps its place in the order; one that
                // persists would hold new events back for good, so after a few the spool is bypassed.
                if (++readFailures >= READ_FAILURES_TO_BYPASS) {
                    if (state != DispatchState.SPOOL_UNREADABLE) {
                        log.error("Tributary spool read keeps failing; new events bypass it while it is retried", e);
                    }
                    on(Event.READ_FAILING);
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
                if (!kafka.send(events.get(j))) {
                    // Kafka did not take it (nor, then, the rest): back to the spool's head, not to its tail,
                    // where a batch appended later in this step would be ahead of them.
                    output.handBack(events.subList(j, events.size()));
                    return true;
                }
            }
        }
        return worked;
    }

    /** Close's command: spools or counts what is left (failures, the buffer), then runs close's follow-up. */
    private boolean close(Close command) {
        try {
            on(Event.CLOSE);
            try {
                spoolRemaining();
            } finally {
                command.then.run(); // closes the spool and gives close its answer, whatever happened
            }
        } finally {
            command.done.countDown();
        }
        return true;
    }

    private void spoolRemaining() {
        output.settleFailures();
        List<PendingEvent> rest = new ArrayList<>();
        buffer.drain(rest, Integer.MAX_VALUE);
        if (!output.hasSpool()) {
            counters.drop(DropReason.CLOSED, rest.size(), System.currentTimeMillis());
            return;
        }
        List<PendingEvent> encoded = new ArrayList<>();
        EventFinisher finisher = finishers.get();
        for (PendingEvent event : rest) {
            if (Encoder.finish(finisher, event, counters)) {
                encoded.add(event);
            }
        }
        output.storeOrDrop(encoded, DropReason.CLOSED);
    }

    /** Applies the signals, then what the spool holds, while Kafka is reachable. */
    private void look() {
        applySignals();
        if (state.reachable()) {
            on(output.backlog() ? Event.BACKLOG : Event.DRAINED);
        }
    }

    private void applySignals() {
        Event event;
        while ((event = signals.poll()) != null) {
            on(event);
        }
    }

    private void on(Event event) {
        DispatchState next = state.on(event);
        if (next != state) {
            log.debug("Tributary dispatcher: {} on {} -> {}", state, event, next);
            state = next;
        }
    }
}
