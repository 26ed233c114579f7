package io.tributary.schema.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.schema.Call;
import io.tributary.schema.Category;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.ExceptionEvent;
import io.tributary.schema.HttpRequest;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Priority;
import io.tributary.schema.Return;
import io.tributary.schema.Runtime;
import io.tributary.schema.SessionStart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events whose strings and shapes try to break a JSON writer: every payload type, each with every optional field
 * null and with every field set to text that needs escaping (unicode beyond the BMP, control characters, markup,
 * spreadsheet formulas, quotes and backslashes), empty and huge maps, strings longer than any output buffer.
 */
final class HostileEvents {
    static final String UNICODE = "h\u00e9llo w\u00f6rld \u65e5\u672c \uD83D\uDE00 \u2028\u2029 \uFFFD";
    static final String CONTROL = "nul\u0000 soh\u0001 tab\t nl\n cr\r us\u001f del\u007f \"quoted\" back\\slash /";
    static final String SCRIPT = "</script><script>alert('x')</script>";
    static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")";
    static final String HUGE = "x\u00e9\"".repeat(10_000);
    private static final String[] TEXTS = {UNICODE, CONTROL, SCRIPT, FORMULA, "", HUGE};

    private HostileEvents() {
    }

    /** All of them. */
    static List<Event> all() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < TEXTS.length; i++) {
            String s = TEXTS[i];
            String json = jsonText(s);
            Map<String, String> attrs = Map.of(s, s);
            for (Object payload : List.of(new SessionStart(s, new Runtime(s, s)),
                    new Call(s, s, s, Integer.MAX_VALUE, Long.MIN_VALUE, json),
                    new Return(s, 7L, Long.MAX_VALUE, json),
                    new ExceptionEvent(s, s, s),
                    new HttpRequest(s, s, 0L, json, Long.MAX_VALUE, json),
                    new HttpResponse(599, -1L, 0L, s, s, json, 0L, s, json),
                    new Custom(s, json))) {
                events.add(event(s, payload, new LinkedHashMap<>(attrs), i % 2 == 0 ? 1.0 : 1e-7, 42L + i));
            }
        }
        for (Object payload : List.of(new SessionStart(null, null), new SessionStart(null, new Runtime(null, null)),
                new Call("f", null, null, null, 1L, null), new Return("f", 1L, 0L, null),
                new ExceptionEvent(null, "E", null), new HttpRequest("GET", "/", 1L, null, null, null),
                new HttpResponse(200, 1L, 0L, null, null, null, null, null, null), new Custom("c", null))) {
            events.add(new Event("id", typeOf(payload), Category.TRACE, Priority.LOW, 1L, "svc", null, null, null, null,
                    payload, 0.5));
            events.add(event("s", payload, new LinkedHashMap<>(), 1.0, 1L));
            events.add(event("s", payload, hugeMap(), 0.25, 1L));
        }
        return events;
    }

    private static Event event(String s, Object payload, Map<String, String> attrs, double rate, long tsNs) {
        return new Event(s, typeOf(payload), Category.ERROR, Priority.CRITICAL, tsNs, s, s,
                "0123456789abcdef0123456789abcdef", "0123456789abcdef", attrs, payload, rate);
    }

    /** A JSON value holding {@code s} as JSON text, the way the JSON codec keeps it. */
    private static String jsonText(String s) {
        try {
            return new ObjectMapper().writeValueAsString(Map.of("k", s, "n", Arrays.asList(1, 2.5, null, true)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> hugeMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < 2_000; i++) {
            map.put("key-" + i + (i % 7 == 0 ? UNICODE : ""), i % 3 == 0 ? CONTROL : "v" + i);
        }
        return map;
    }

    private static EventType typeOf(Object payload) {
        return switch (EventBinaryCoder.branchOf(payload)) {
            case EventBinaryCoder.SESSION_START -> EventType.SESSION_START;
            case EventBinaryCoder.CALL -> EventType.CALL;
            case EventBinaryCoder.RETURN -> EventType.RETURN;
            case EventBinaryCoder.EXCEPTION -> EventType.EXCEPTION;
            case EventBinaryCoder.HTTP_REQUEST -> EventType.HTTP_REQUEST;
            case EventBinaryCoder.HTTP_RESPONSE -> EventType.HTTP_RESPONSE;
            default -> EventType.CUSTOM;
        };
    }
}
