package io.tributary.export.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.schema.Event;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.JsonEventCodec;
import io.tributary.schema.codec.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/** Events for tests: the realistic sample mix plus events whose text stresses CSV and JSON escaping. */
public final class TestEvents {
    private static final JsonEventCodec CODEC = JsonEventCodec.create();
    private static final ObjectMapper JACKSON = new ObjectMapper();

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

    /**
     * The event of a JSON line holding {@code fields} ({@code type}, {@code id}, {@code func}, ...), written by
     * Jackson so that any text can go in any field.
     */
    public static Event fromFields(Map<String, ?> fields) {
        try {
            return CODEC.decode(JACKSON.writeValueAsBytes(fields), DecodeContext.defaults());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("fields cannot be written as JSON: " + fields, e);
        }
    }

    /**
     * {@code event} with one field of its payload set to {@code value}, bypassing the JSON codec's validation
     * (for values only a buggy or foreign producer writes, such as a negative duration).
     */
    public static Event withPayloadField(Event event, String field, Object value) {
        SpecificRecordBase payload = (SpecificRecordBase) event.getPayload();
        SpecificRecordBase copy = SpecificData.get().deepCopy(payload.getSchema(), payload);
        copy.put(field, value);
        return Event.newBuilder(event).setPayload(copy).build();
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
