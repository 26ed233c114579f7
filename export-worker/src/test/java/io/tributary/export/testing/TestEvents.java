package io.tributary.export.testing;

import io.tributary.schema.Event;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.JsonEventCodec;
import io.tributary.schema.codec.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Events for tests: the realistic sample mix plus events whose text stresses CSV and JSON escaping. */
public final class TestEvents {
    private static final JsonEventCodec CODEC = JsonEventCodec.create();

    private TestEvents() {
    }

    /** The sample events, decoded, each with a distinct id. */
    public static List<Event> samples() {
        List<Event> events = new ArrayList<>();
        for (String line : SampleEvents.lines()) {
            events.add(CODEC.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults()));
        }
        return events;
    }

    /** Events whose strings hold commas, quotes, CR/LF, unicode and empty values. */
    public static List<Event> tricky() {
        String[] lines = {
            "{\"type\":\"exception\",\"id\":\"tricky-1\",\"service\":\"svc, \\\"quoted\\\"\",\"session_id\":\"s1\","
                    + "\"func\":\"f\",\"ts_ns\":1763800000000000000,\"type_name\":\"ValueError\","
                    + "\"message\":\"line one\\nline two,\\r\\n\\\"end\\\" \u00e9\u4e2d\ud83d\ude00\"}",
            "{\"type\":\"custom\",\"id\":\"tricky-2\",\"name\":\"feature_used\",\"category\":\"usage\","
                    + "\"priority\":\"high\",\"ts_ns\":1763803600000000000,"
                    + "\"data\":{\"a\":\"x,y\",\"q\":\"say \\\"hi\\\"\",\"n\":[1,2,{\"z\":null}]}}",
            "{\"type\":\"http_request\",\"id\":\"tricky-3\",\"session_id\":\"\",\"method\":\"POST\","
                    + "\"url\":\"/v1/users/42?a=1,2\",\"t0_ns\":1763800000000000001,"
                    + "\"headers\":{\"content-type\":\"application/json\"},\"request_body\":\"\"}"
        };
        List<Event> events = new ArrayList<>();
        for (String line : lines) {
            events.add(CODEC.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults()));
        }
        return events;
    }

    /** Samples followed by the tricky events. */
    public static List<Event> all() {
        List<Event> events = new ArrayList<>(samples());
        events.addAll(tricky());
        return events;
    }

    /** The canonical JSON line of an event. */
    public static String json(Event event) {
        return new String(CODEC.encode(event), StandardCharsets.UTF_8);
    }

    /** {@code n} events cycling through {@link #all()}, with ids {@code e-0}, {@code e-1}, ... */
    public static List<Event> numbered(int n) {
        List<Event> base = all();
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(Event.newBuilder(base.get(i % base.size())).setEventId("e-" + i).build());
        }
        return events;
    }
}
