package io.tributary.processor.sessions;

import io.tributary.processor.time.EventTimeClock;
import io.tributary.processor.time.LagProbe;
import io.tributary.processor.validate.Checked;
import io.tributary.schema.Event;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.SessionStart;
import io.tributary.schema.SessionSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps one open {@link SessionSummary} per session id and emits it when the session ends: when the task's
 * event time passes the session's last event plus the inactivity gap plus grace, or when an event of the same
 * session arrives more than the gap after the last one (which starts the next session). Event time follows an
 * {@link EventTimeClock}, so sessions of a quiet partition still close.
 */
final class SessionSummaryProcessor implements Processor<String, Checked, String, SessionSummary> {
    /** How many recently used open sessions a task keeps decoded on the heap; the store stays the truth. */
    static final int RECENT_SESSIONS = 4096;

    private final long gapNs;
    private final long closeAfterMs;
    private final long idleAdvanceMs;
    private final long punctuateMs;
    private final LagProbe lag;
    private ProcessorContext<String, SessionSummary> context;
    private KeyValueStore<String, SessionSummary> open;
    /**
     * The most recently updated open sessions, as in the store: every change goes to both, so a session's next
     * event usually skips reading and decoding it from the store. (The store is a
     * {@link io.tributary.processor.state.WriteBehindKeyValueStore}: a put only marks the session changed, and it
     * is encoded and written once per commit, before the commit.)
     */
    private final Map<String, SessionSummary> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionSummary> eldest) {
            return size() > RECENT_SESSIONS;
        }
    };
    private KeyValueStore<Integer, Long> clockStore;
    private EventTimeClock clock;
    private int partition;
    private long nextDueMs = Long.MIN_VALUE;

    SessionSummaryProcessor(Duration gap, Duration grace, Duration idleAdvance, Duration punctuate, LagProbe lag) {
        this.lag = lag;
        this.gapNs = gap.toNanos();
        this.closeAfterMs = gap.plus(grace).toMillis();
        this.idleAdvanceMs = idleAdvance.toMillis();
        this.punctuateMs = punctuate.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, SessionSummary> context) {
        this.context = context;
        this.open = context.getStateStore(SessionsTopology.OPEN_STORE);
        recent.clear();
        this.clockStore = context.getStateStore(SessionsTopology.CLOCK_STORE);
        this.partition = context.taskId().partition();
        Long restored = clockStore.get(partition);
        this.clock = new EventTimeClock(idleAdvanceMs, restored == null ? EventTimeClock.UNKNOWN : restored,
                context.currentSystemTimeMs());
        // The store may hold sessions restored from a previous owner: scan it at the first punctuation, or they
        // would only close once a new event of this partition arrived.
        nextDueMs = Long.MIN_VALUE + 1;
        context.schedule(Duration.ofMillis(punctuateMs), PunctuationType.WALL_CLOCK_TIME, this::closeDue);
    }

    @Override
    public void process(Record<String, Checked> record) {
        Event e = record.value().event();
        String sessionId = e.getSessionId();
        if (sessionId == null) {
            return;
        }
        clock.observe(e.getTsNs() / 1_000_000L, context.currentSystemTimeMs());
        SessionSummary s = recent.get(sessionId);
        if (s == null) {
            s = open.get(sessionId);
        }
        if (s != null && e.getTsNs() > s.getEndNs() + gapNs) {
            emit(s);
            s = null;
        }
        if (s == null) {
            s = SessionSummary.newBuilder().setSessionId(sessionId).setService(e.getService())
                    .setStartNs(e.getTsNs()).setEndNs(e.getTsNs()).setDurationNs(0).setEventCount(0).setCalls(0)
                    .setExceptions(0).setHttpCalls(0).setErrorStatuses(0).build();
        }
        add(s, e);
        open.put(sessionId, s);
        recent.put(sessionId, s);
        nextDueMs = nextDueMs == Long.MIN_VALUE ? dueMs(s) : Math.min(nextDueMs, dueMs(s));
    }

    private static void add(SessionSummary s, Event e) {
        s.setStartNs(Math.min(s.getStartNs(), e.getTsNs()));
        s.setEndNs(Math.max(s.getEndNs(), e.getTsNs()));
        s.setDurationNs(s.getEndNs() - s.getStartNs());
        s.setEventCount(s.getEventCount() + 1);
        switch (e.getType()) {
            case SESSION_START -> {
                SessionStart start = (SessionStart) e.getPayload();
                if (start.getTag() != null) {
                    s.setTag(start.getTag());
                }
            }
            case CALL -> s.setCalls(s.getCalls() + 1);
            case EXCEPTION -> s.setExceptions(s.getExceptions() + 1);
            case HTTP_REQUEST -> s.setHttpCalls(s.getHttpCalls() + 1);
            case HTTP_RESPONSE -> {
                HttpResponse r = (HttpResponse) e.getPayload();
                if (r.getStatus() >= 500 || r.getError() != null) {
                    s.setErrorStatuses(s.getErrorStatuses() + 1);
                }
            }
            default -> {
            }
        }
    }

    private long dueMs(SessionSummary s) {
        return s.getEndNs() / 1_000_000L + closeAfterMs;
    }

    private void closeDue(long nowMs) {
        long time = clock.current(nowMs, lag.caughtUp(partition));
        if (time == EventTimeClock.UNKNOWN) {
            return;
        }
        clockStore.put(partition, time);
        if (nextDueMs == Long.MIN_VALUE || time < nextDueMs) {
            return;
        }
        long next = Long.MIN_VALUE;
        List<KeyValue<String, SessionSummary>> due = new ArrayList<>();
        try (KeyValueIterator<String, SessionSummary> it = open.all()) {
            while (it.hasNext()) {
                KeyValue<String, SessionSummary> entry = it.next();
                long d = dueMs(entry.value);
                if (d <= time) {
                    due.add(entry);
                } else {
                    next = next == Long.MIN_VALUE ? d : Math.min(next, d);
                }
            }
        }
        for (KeyValue<String, SessionSummary> entry : due) {
            emit(entry.value);
            open.delete(entry.key);
            recent.remove(entry.key);
        }
        nextDueMs = next;
    }

    private void emit(SessionSummary s) {
        context.forward(new Record<>(s.getSessionId(), s, s.getEndNs() / 1_000_000L, new RecordHeaders()));
    }
}
