package io.tributary.schema.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import io.tributary.schema.Call;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.ExceptionEvent;
import io.tributary.schema.HttpRequest;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Return;
import io.tributary.schema.SessionStart;
import java.io.IOException;
import java.util.Map;

/**
 * Writes an {@link Event} in the JSON line format: the fields of EVENT-MODEL.md plus the envelope fields
 * ({@code id}, {@code service}, {@code category}, {@code priority}, {@code sample_rate}), so that decoding
 * the output yields the same event.
 */
final class JsonEventWriter {
    private JsonEventWriter() {
    }

    static void write(Event e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        string(g, JsonNames.TYPE, JsonNames.TYPE_NAMES[e.getType().ordinal()]);
        string(g, JsonNames.EVENT_ID, e.getEventId());
        string(g, JsonNames.SERVICE, e.getService());
        optional(g, JsonNames.SESSION_ID, e.getSessionId());
        Object payload = e.getPayload();
        long ownTime;
        if (payload instanceof SessionStart s) {
            ownTime = e.getTsNs();
            optional(g, JsonNames.TAG, s.getTag());
            number(g, JsonNames.TS_NS, ownTime);
            if (s.getRuntime() != null) {
                g.writeFieldName(JsonNames.RUNTIME);
                g.writeStartObject();
                optional(g, JsonNames.LANGUAGE, s.getRuntime().getLanguage());
                optional(g, JsonNames.VERSION, s.getRuntime().getVersion());
                g.writeEndObject();
            }
        } else if (payload instanceof Call c) {
            ownTime = c.getT0Ns();
            string(g, JsonNames.FUNC, c.getFunc());
            optional(g, JsonNames.MODULE, c.getModule());
            optional(g, JsonNames.FILE, c.getFile());
            if (c.getLine() != null) {
                number(g, JsonNames.LINE, c.getLine());
            }
            number(g, JsonNames.T0_NS, ownTime);
            optionalJson(g, JsonNames.ARGS_PREVIEW, c.getArgsPreview());
        } else if (payload instanceof Return r) {
            ownTime = r.getT1Ns();
            string(g, JsonNames.FUNC, r.getFunc());
            number(g, JsonNames.T1_NS, ownTime);
            number(g, JsonNames.DT_NS, r.getDtNs());
            optionalJson(g, JsonNames.LOCALS_PREVIEW, r.getLocalsPreview());
        } else if (payload instanceof ExceptionEvent x) {
            ownTime = e.getTsNs();
            optional(g, JsonNames.FUNC, x.getFunc());
            number(g, JsonNames.TS_NS, ownTime);
            string(g, JsonNames.TYPE_NAME, x.getTypeName());
            optional(g, JsonNames.MESSAGE, x.getMessage());
        } else if (payload instanceof HttpRequest h) {
            ownTime = h.getT0Ns();
            string(g, JsonNames.METHOD, h.getMethod());
            string(g, JsonNames.URL, h.getUrl());
            number(g, JsonNames.T0_NS, ownTime);
            optionalJson(g, JsonNames.HEADERS, h.getHeaders());
            optional(g, JsonNames.BYTES_OUT, h.getBytesOut());
            optionalJson(g, JsonNames.REQUEST_BODY, h.getRequestBody());
        } else if (payload instanceof HttpResponse h) {
            ownTime = h.getT1Ns();
            number(g, JsonNames.STATUS, h.getStatus());
            number(g, JsonNames.T1_NS, ownTime);
            number(g, JsonNames.DT_NS, h.getDtNs());
            optional(g, JsonNames.METHOD, h.getMethod());
            optional(g, JsonNames.URL, h.getUrl());
            optionalJson(g, JsonNames.HEADERS, h.getHeaders());
            optional(g, JsonNames.BYTES_IN, h.getBytesIn());
            optional(g, JsonNames.ERROR, h.getError());
            optionalJson(g, JsonNames.RESPONSE_BODY, h.getResponseBody());
        } else if (payload instanceof Custom c) {
            ownTime = e.getTsNs();
            string(g, JsonNames.NAME, c.getName());
            number(g, JsonNames.TS_NS, ownTime);
            optionalJson(g, JsonNames.DATA, c.getData());
        } else {
            throw new IllegalArgumentException("event " + e.getEventId() + " has no known payload: " + payload);
        }
        if (ownTime != e.getTsNs()) {
            number(g, JsonNames.TS_NS, e.getTsNs());
        }
        optional(g, JsonNames.TRACE_ID, e.getTraceId());
        optional(g, JsonNames.SPAN_ID, e.getSpanId());
        if (e.getAttrs() != null) {
            g.writeFieldName(JsonNames.ATTRS);
            g.writeStartObject();
            for (Map.Entry<String, String> attr : e.getAttrs().entrySet()) {
                g.writeStringField(attr.getKey(), attr.getValue());
            }
            g.writeEndObject();
        }
        string(g, JsonNames.CATEGORY, JsonNames.CATEGORY_NAMES[e.getCategory().ordinal()]);
        string(g, JsonNames.PRIORITY, JsonNames.PRIORITY_NAMES[e.getPriority().ordinal()]);
        sampleRate(g, e.getSampleRate());
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, SerializableString field, String value) throws IOException {
        g.writeFieldName(field);
        g.writeString(value);
    }

    private static void number(JsonGenerator g, SerializableString field, long value) throws IOException {
        g.writeFieldName(field);
        g.writeNumber(value);
    }

    /** The rate as Jackson writes a double; the common 1.0 without formatting it each time. */
    private static void sampleRate(JsonGenerator g, double rate) throws IOException {
        g.writeFieldName(JsonNames.SAMPLE_RATE);
        if (rate == 1.0) {
            g.writeNumber(JsonNames.ONE);
        } else {
            g.writeNumber(rate);
        }
    }

    private static void optional(JsonGenerator g, SerializableString field, String value) throws IOException {
        if (value != null) {
            string(g, field, value);
        }
    }

    private static void optional(JsonGenerator g, SerializableString field, Long value) throws IOException {
        if (value != null) {
            number(g, field, value);
        }
    }

    private static void optionalJson(JsonGenerator g, SerializableString field, String jsonText)
            throws IOException {
        if (jsonText != null) {
            g.writeFieldName(field);
            g.writeRawValue(jsonText);
        }
    }
}
