package io.tributary.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sender thread's loop, the encode stage: takes a batch from the buffer with a ticket ({@link Sender#claim}),
 * finishes (encodes) it in parallel with the other threads, then waits for its ticket's turn and runs the
 * dispatcher with it, so that it holds one batch at a time. An empty batch is dispatched too: the dispatcher's
 * housekeeping (failures, probing, replay) runs on those steps.
 */
final class Encoder implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Encoder.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long THROTTLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Sender sender;
    private final EventFinisher finisher;
    private final Counters counters;
    private final List<PendingEvent> batch = new ArrayList<>(Dispatcher.BATCH);
    private volatile Thread thread;
    private Encoder next;

    Encoder(Sender sender, EventFinisher finisher, Counters counters) {
        this.sender = sender;
        this.finisher = finisher;
        this.counters = counters;
    }

    /** The thread running this loop, and the encoder to wake when a full batch leaves more behind. */
    void bind(Thread thread, Encoder next) {
        this.thread = thread;
        this.next = next;
    }

    Thread thread() {
        return thread;
    }

    @Override
    public void run() {
        while (sender.running()) {
            try {
                if (!round()) {
                    // At the in-flight cap, acknowledgements free room within milliseconds: re-check soon.
                    // So does an event whose slot a caller has claimed but not yet written (buffer not empty).
                    LockSupport.parkNanos(this, sender.throttled() ? THROTTLE_PARK_NANOS : IDLE_PARK_NANOS);
                }
            } catch (RuntimeException | Error e) {
                // Never let the thread die: callers' events would wait in the buffer until they are dropped.
                log.error("Tributary sender loop failed; continuing", e);
            }
        }
    }

    /** One round: take a batch (maybe empty) and a ticket, finish it, hand it over; true when there was work. */
    private boolean round() {
        batch.clear();
        Sender.Claim claim = null;
        int taken = 0;
        int kept = 0;
        boolean worked = false;
        try {
            claim = sender.claim(batch);
            taken = batch.size();
            if (taken == Dispatcher.BATCH && next != this && next != null && next.thread != null
                    && sender.moreWaiting()) {
                LockSupport.unpark(next.thread);
            }
            kept = finishAll();
        } finally {
            // A taken ticket is always handed over, whatever happened: every later one waits for it.
            if (claim != null) {
                worked = sender.dispatch(claim.ticket(), new Dispatcher.Deliver(batch, kept, claim.room()));
            }
        }
        return worked || taken > 0;
    }

    /** Finishes the batch in place, keeping the events that can be sent; returns how many. */
    private int finishAll() {
        int kept = 0;
        for (int i = 0; i < batch.size(); i++) {
            PendingEvent event = batch.get(i);
            if (finish(finisher, event, counters)) {
                batch.set(kept++, event);
            } else {
                counters.inFlight.decrementAndGet();
            }
        }
        return kept;
    }

    /** Finishes the event, or counts it as dropped and returns false. */
    static boolean finish(EventFinisher finisher, PendingEvent event, Counters counters) {
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
}
