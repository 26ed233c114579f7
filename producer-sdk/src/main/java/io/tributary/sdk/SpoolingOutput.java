package io.tributary.sdk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store-or-send around {@link KafkaOutput}: the dispatcher says whether a batch is to be sent or stored (its
 * state), and this does it, falling back to the other way rather than losing events: while Kafka is reachable,
 * a batch the spool cannot take (a write error such as a full disk, or no room without deleting older spooled
 * events) is sent ahead of it. It also settles what Kafka failed (spooled, handed back to the spool's head, or
 * counted). Without a spool, storing means counting as dropped. Used by the dispatching thread only.
 */
final class SpoolingOutput {
    private static final Logger log = LoggerFactory.getLogger(SpoolingOutput.class);

    private final KafkaOutput kafka;
    private final DiskSpool spool;
    private final Counters counters;
    /** Whether a batch was already sent around a spool it did not fit, since the last time it fitted (logging). */
    private boolean bypassLogged;

    /** @param spool the spool, or null for none */
    SpoolingOutput(KafkaOutput kafka, DiskSpool spool, Counters counters) {
        this.kafka = kafka;
        this.spool = spool;
        this.counters = counters;
    }

    boolean hasSpool() {
        return spool != null;
    }

    /** Whether the spool holds events not read back yet. */
    boolean backlog() {
        return spool != null && spool.unread() > 0;
    }

    /** Sends each event, queueing those Kafka does not take as failures; they are in flight. */
    void send(List<PendingEvent> events) {
        events.forEach(kafka::sendOrFail);
    }

    /**
     * Stores the events (in flight) at the spool's tail, after the failures waiting, which are older. While
     * Kafka is reachable, events the spool cannot take are sent instead; otherwise they are counted dropped.
     * Without a spool, they are sent (and, Kafka being unreachable, fail and are counted).
     */
    void store(List<PendingEvent> events, boolean reachable) {
        if (spool == null) {
            send(events);
            return;
        }
        settleFailures();
        int count = events.size();
        int handed = 0; // given to send, which accounts for them from then on
        int settled = 0; // spooled, or counted as dropped
        try {
            if (reachable && !spool.fits(events)) {
                // Queued behind the spool, these would make it delete its oldest segment: fresh events would
                // displace older ones while the broker is up. They overtake the spool instead.
                if (!bypassLogged) {
                    log.warn("Tributary spool is full; sending new events ahead of the {} spooled ones",
                            spool.unread());
                    bypassLogged = true;
                }
                for (PendingEvent event : events) {
                    handed++;
                    kafka.sendOrFail(event);
                }
                return;
            }
            bypassLogged = false;
            int written = append(events);
            settled = written;
            if (written < count) {
                if (reachable) {
                    // The spool cannot take them (a full disk, say) but Kafka can: sent rather than dropped.
                    for (PendingEvent event : events.subList(written, count)) {
                        handed++;
                        kafka.sendOrFail(event);
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

    /** Reads up to {@code max} events from the spool's head; none without a spool. */
    List<PendingEvent> read(int max) throws IOException {
        return spool == null ? List.of() : spool.read(max);
    }

    /**
     * Settles what Kafka failed: refused for good, counted dropped; replayed and not delivered because of
     * close, left in its segment for the next start; anything else spooled at the tail (or counted dropped).
     * Returns whether there was anything.
     */
    boolean settleFailures() {
        if (!kafka.hasFailures()) {
            return false;
        }
        boolean closing = kafka.closing();
        List<PendingEvent> failed = new ArrayList<>();
        List<PendingEvent> rejected = new ArrayList<>();
        List<PendingEvent> kept = new ArrayList<>();
        PendingEvent event;
        while ((event = kafka.pollFailure()) != null) {
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
        storeOrDrop(failed, closing ? DropReason.CLOSED
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

    /** Appends the events to the spool; those not written (all of them without a spool) are counted dropped. */
    void storeOrDrop(List<PendingEvent> events, DropReason reasonIfNotWritten) {
        int written = append(events);
        if (written < events.size()) {
            counters.drop(reasonIfNotWritten, events.size() - written, System.currentTimeMillis());
        }
    }

    /**
     * Returns replayed events Kafka did not take to the spool's head, where they are read again first, and
     * takes them out of flight (in that order, so the client is never seen idle with them nowhere).
     */
    void handBack(List<PendingEvent> events) {
        if (!events.isEmpty()) {
            spool.handBack(events);
            counters.inFlight.addAndGet(-events.size());
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
}
