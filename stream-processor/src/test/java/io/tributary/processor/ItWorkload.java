package io.tributary.processor;

import io.tributary.processor.metrics.MetricKeys;
import io.tributary.processor.metrics.RouteNormalizer;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Priority;
import io.tributary.schema.Return;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The integration test's events: sessions of ten events each, a mix of every type, with the exact metrics
 * they must aggregate to.
 */
final class ItWorkload {
    static final int EVENTS_PER_SESSION = 10;
    private static final int[] STATUSES = {200, 201, 404, 503};

    private ItWorkload() {
    }

    /** Events of session {@code s}, starting at {@code baseMs + 5 s}. */
    static List<Event> session(int s, long baseMs) {
        String id = "sess-" + s;
        String svc = "svc" + (s % 3);
        long t = baseMs + s * 5L;
        List<Event> e = new ArrayList<>(EVENTS_PER_SESSION);
        e.add(Events.sessionStart(svc, id, "t" + (s % 3), t));
        e.add(Events.call(svc, id, "f" + (s % 5), t + 1));
        e.add(Events.ret(svc, id, "f" + (s % 5), t + 2, 1_000 + (s * 7_919L) % 100_000));
        e.add(Events.request(svc, id, "GET", "https://api/v1/items/" + s, t + 3, 64));
        e.add(Events.response(svc, id, STATUSES[s % 4], t + 4, 50_000 + (s * 31L) % 900_000, 100 + s % 50));
        e.add(Events.call(svc, id, "g", t + 5));
        e.add(Events.ret(svc, id, "g", t + 6, 10_000 + s % 1_000));
        e.add(s % 10 == 0 ? Events.exception(svc, id, "ValueError", t + 7) : Events.custom(svc, id, "clicked", t + 7));
        Event viewed = Events.custom(svc, id, "viewed", t + 8);
        if (s % 50 == 0) {
            viewed.setPriority(Priority.HIGH);
        }
        e.add(viewed);
        e.add(Events.call(svc, id, "h", t + 9));
        return e;
    }

    /** Expected aggregate of one metric key in one window. */
    record Expected(long count, long errors, long s2xx, long s4xx, long s5xx, long bytesIn, long bytesOut,
                    long latencyCount, long maxNs) {
        Expected plus(Event e) {
            long latency = -1;
            int status = 0;
            long in = 0;
            long out = 0;
            boolean error = e.getType() == EventType.EXCEPTION;
            if (e.getPayload() instanceof Return r) {
                latency = r.getDtNs();
            } else if (e.getPayload() instanceof HttpResponse r) {
                latency = r.getDtNs();
                status = r.getStatus();
                in = r.getBytesIn();
                error = status >= 500;
            } else if (e.getPayload() instanceof io.tributary.schema.HttpRequest r) {
                out = r.getBytesOut();
            }
            return new Expected(count + 1, errors + (error ? 1 : 0), s2xx + (status / 100 == 2 ? 1 : 0),
                    s4xx + (status / 100 == 4 ? 1 : 0), s5xx + (status / 100 == 5 ? 1 : 0), bytesIn + in,
                    bytesOut + out, latencyCount + (latency >= 0 ? 1 : 0), Math.max(maxNs, latency));
        }
    }

    /** The metric key of an event, as the processor names it. */
    static String metricKey(Event e) {
        String name = switch (e.getType()) {
            case SESSION_START -> ((io.tributary.schema.SessionStart) e.getPayload()).getTag();
            case CALL -> ((io.tributary.schema.Call) e.getPayload()).getFunc();
            case RETURN -> ((Return) e.getPayload()).getFunc();
            case EXCEPTION -> ((io.tributary.schema.ExceptionEvent) e.getPayload()).getTypeName();
            case CUSTOM -> ((io.tributary.schema.Custom) e.getPayload()).getName();
            case HTTP_REQUEST, HTTP_RESPONSE -> "GET " + RouteNormalizer.normalize("/v1/items/1");
        };
        return MetricKeys.key(e.getService(), e.getType(), name);
    }

    /** Expected windows of {@code windowMs}: key + window start → aggregate. */
    static Map<String, Expected> expectedWindows(List<Event> events, long windowMs) {
        Map<String, Expected> expected = new HashMap<>();
        for (Event e : events) {
            long start = Math.floorDiv(e.getTsNs() / 1_000_000, windowMs) * windowMs;
            expected.merge(metricKey(e) + "@" + start, new Expected(0, 0, 0, 0, 0, 0, 0, 0, -1).plus(e),
                    (a, b) -> a.plus(e));
        }
        return expected;
    }
}
