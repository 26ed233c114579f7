package io.tributary.processor.metrics;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The routes of HTTP requests still waiting for their response, per session, oldest first. JSON producers
 * send {@code http_response} without method and URL; the response takes the route of its session's oldest
 * open request. Raw records are keyed by session id, so a session's request and response meet in one task.
 *
 * <p>Value format: the last event time in ms, then one route per line. At most {@value #MAX_PER_SESSION}
 * routes per session; sessions idle for longer than the expiry are dropped by {@link #expire}.
 */
final class PendingRequests {
    static final int MAX_PER_SESSION = 32;

    private final KeyValueStore<String, String> store;

    PendingRequests(KeyValueStore<String, String> store) {
        this.store = store;
    }

    void push(String sessionId, String route, long eventMs) {
        List<String> routes = routes(store.get(sessionId));
        if (routes.size() >= MAX_PER_SESSION) {
            routes.remove(0);
        }
        routes.add(route.replace('\n', ' '));
        store.put(sessionId, eventMs + "\n" + String.join("\n", routes));
    }

    /** The oldest open route of the session, removed; {@code null} when there is none. */
    String pop(String sessionId, long eventMs) {
        String value = store.get(sessionId);
        if (value == null) {
            return null;
        }
        List<String> routes = routes(value);
        String route = routes.remove(0);
        if (routes.isEmpty()) {
            store.delete(sessionId);
        } else {
            store.put(sessionId, eventMs + "\n" + String.join("\n", routes));
        }
        return route;
    }

    /** Drops sessions whose last request or response is older than {@code beforeMs}. */
    void expire(long beforeMs) {
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, String> entry = it.next();
                long last = Long.parseLong(entry.value.substring(0, entry.value.indexOf('\n')));
                if (last < beforeMs) {
                    stale.add(entry.key);
                }
            }
        }
        stale.forEach(store::delete);
    }

    private static List<String> routes(String value) {
        List<String> routes = new ArrayList<>();
        if (value != null) {
            String[] lines = value.split("\n", -1);
            for (int i = 1; i < lines.length; i++) {
                routes.add(lines[i]);
            }
        }
        return routes;
    }
}
