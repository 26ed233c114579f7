package io.tributary.console.watch;

import io.tributary.schema.SessionSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest session summaries from the sessions topic, newest first, one per session id (a later summary of a
 * session replaces the earlier one). Bounded to {@value #LATEST}. Thread-safe.
 */
public final class Sessions {
    public static final int LATEST = 500;

    private final Map<String, SessionSummary> latest = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionSummary> eldest) {
            return size() > LATEST;
        }
    };

    /** Keeps one summary. */
    public synchronized void add(SessionSummary summary) {
        latest.remove(summary.getSessionId());
        latest.put(summary.getSessionId(), summary);
    }

    /** Newest first. */
    public synchronized List<SessionSummary> latest() {
        List<SessionSummary> list = new ArrayList<>(latest.values());
        java.util.Collections.reverse(list);
        return list;
    }
}
