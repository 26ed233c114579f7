package io.tributary.processor.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>The routes of the {@value #RECENT_SESSIONS} most recently used sessions are also kept parsed on the heap
 * (every change goes to both), so a response usually finds its request without reading and parsing the store.
 */
final class PendingRequests {
    static final int MAX_PER_SESSION = 32;
    static final int RECENT_SESSIONS = 1024;

    private final KeyValueStore<String, String> store;
    private final Map<String, List<String>> recent = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
            return size() > RECENT_SESSIONS;
        }
    };

    PendingRequests(KeyValueStore<String, String> store) {
        this.store = store;
    }

    void push(String sessionId, String route, long eventMs) {
        List<String> routes = load(sessionId);
        if (routes.size() >= MAX_PER_SESSION) {
            routes.remove(0);
        }
        routes.add(route.replace('\n', ' '));
        save(sessionId, routes, eventMs);
    }

    /** The oldest open route of the session, removed; {@code null} when there is none. */
    String pop(String sessionId, long eventMs) {
        List<String> routes = load(sessionId);
        if (routes.isEmpty()) {
            return null;
        }
        String route = routes.remove(0);
        save(sessionId, routes, eventMs);
        return route;
    }

    private List<String> load(String sessionId) {
        List<String> routes = recent.get(sessionId);
        return routes != null ? routes : routes(store.get(sessionId));
    }

    private void save(String sessionId, List<String> routes, long eventMs) {
        if (routes.isEmpty()) {
            store.delete(sessionId);
            recent.remove(sessionId);
        } else {
            store.put(sessionId, eventMs + "\n" + String.join("\n", routes));
            recent.put(sessionId, routes);
        }
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
        stale.forEach(recent::remove);
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
