package io.tributary.bench.scale;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the load sent, tallied by the sender itself as it hands events over: the expected metric count per key
 * ({@code service|TYPE|name}), the expected summary of every session, and the exact bytes of every invalid raw
 * record. Every check compares the outputs with this, never with a component's counters. Thread-safe.
 */
final class SentLedger {
    /** The summary a session must get. */
    record ExpectedSession(String service, String tag, long events, long calls, long exceptions, long httpCalls,
            long errorStatuses) {
    }

    private final Object lock = new Object();
    private final Map<String, Long> perKey = new HashMap<>();
    private final Map<String, ExpectedSession> sessions = new HashMap<>();
    private final List<String> invalid = new ArrayList<>();
    private final AtomicLong valid = new AtomicLong();
    private final AtomicLong invalidFailed = new AtomicLong();

    /** Records one finished session and the metric keys of its events. */
    void session(String sessionId, ExpectedSession expected, Map<String, Long> keys) {
        synchronized (lock) {
            sessions.put(sessionId, expected);
            keys.forEach((k, n) -> perKey.merge(k, n, Long::sum));
        }
        valid.addAndGet(expected.events());
    }

    /** Records an invalid raw record that Kafka acknowledged. */
    void invalidAcknowledged(String line) {
        synchronized (lock) {
            invalid.add(line);
        }
    }

    /** Records an invalid raw record that Kafka failed to take (the run then cannot expect it in the DLQ). */
    void invalidFailed() {
        invalidFailed.incrementAndGet();
    }

    long validEvents() {
        return valid.get();
    }

    long invalidFailures() {
        return invalidFailed.get();
    }

    Map<String, Long> perKey() {
        synchronized (lock) {
            return Map.copyOf(perKey);
        }
    }

    Map<String, ExpectedSession> sessions() {
        synchronized (lock) {
            return Map.copyOf(sessions);
        }
    }

    List<String> invalidLines() {
        synchronized (lock) {
            return List.copyOf(invalid);
        }
    }
}
