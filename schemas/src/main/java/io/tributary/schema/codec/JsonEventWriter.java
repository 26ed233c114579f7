package io.tributary.schema.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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
import io.tributary.schema.SessionStart;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an {@link Event} in the JSON line format: the fields of EVENT-MODEL.md plus the envelope fields
 * ({@code id}, {@code service}, {@code category}, {@code priority}, {@code sample_rate}), so that decoding
 * the output yields the same event.
 */
final class JsonEventWriter {
    // Field names pre-encoded once, and the lower-case enum names, instead of per event.
    private static final SerializableString F_ARGS_PREVIEW = new SerializedString("args_preview");
    private static final SerializableString F_ATTRS = new SerializedString("attrs");
    private static final SerializableString F_BYTES_IN = new SerializedString("bytes_in");
    private static final SerializableString F_BYTES_OUT = new SerializedString("bytes_out");
    private static final SerializableString F_CATEGORY = new SerializedString("category");
    private static final SerializableString F_DATA = new SerializedString("data");
    private static final SerializableString F_DT_NS = new SerializedString("dt_ns");
    private static final SerializableString F_ERROR = new SerializedString("error");
    private static final SerializableString F_FILE = new SerializedString("file");
    private static final SerializableString F_FUNC = new SerializedString("func");
    private static final SerializableString F_HEADERS = new SerializedString("headers");
    private static final SerializableString F_EVENT_ID = new SerializedString("event_id");
    private static final SerializableString F_LANGUAGE = new SerializedString("language");
    private static final SerializableString F_LINE = new SerializedString("line");
    private static final SerializableString F_LOCALS_PREVIEW = new SerializedString("locals_preview");
    private static final SerializableString F_MESSAGE = new SerializedString("message");
    private static final SerializableString F_METHOD = new SerializedString("method");
    private static final SerializableString F_MODULE = new SerializedString("module");
    private static final SerializableString F_NAME = new SerializedString("name");
    private static final SerializableString F_PRIORITY = new SerializedString("priority");
    private static final SerializableString F_REQUEST_BODY = new SerializedString("request_body");
    private static final SerializableString F_RESPONSE_BODY = new SerializedString("response_body");
    private static final SerializableString F_RUNTIME = new SerializedString("runtime");
    private static final SerializableString F_SAMPLE_RATE = new SerializedString("sample_rate");
    private static final SerializableString F_SERVICE = new SerializedString("service");
    private static final SerializableString F_SESSION_ID = new SerializedString("session_id");
    private static final SerializableString F_SPAN_ID = new SerializedString("span_id");
    private static final SerializableString F_STATUS = new SerializedString("status");
    private static final SerializableString F_T0_NS = new SerializedString("t0_ns");
    private static final SerializableString F_T1_NS = new SerializedString("t1_ns");
    private static final SerializableString F_TAG = new SerializedString("tag");
    private static final SerializableString F_TRACE_ID = new SerializedString("trace_id");
    private static final SerializableString F_TS_NS = new SerializedString("ts_ns");
    private static final SerializableString F_TYPE = new SerializedString("type");
    private static final SerializableString F_TYPE_NAME = new SerializedString("type_name");
    private static final SerializableString F_URL = new SerializedString("url");
    private static final SerializableString F_VERSION = new SerializedString("version");
    private static final String[] TYPE_NAMES = lowerCaseNames(EventType.values());
    private static final String[] CATEGORY_NAMES = lowerCaseNames(Category.values());
    private static final String[] PRIORITY_NAMES = lowerCaseNames(Priority.values());
    private static final String ONE = Double.toString(1.0);

    private JsonEventWriter() {
    }

    static void write(Event e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        string(g, F_TYPE, TYPE_NAMES[e.getType().ordinal()]);
        string(g, F_EVENT_ID, e.getEventId());
        string(g, F_SERVICE, e.getService());
        optional(g, F_SESSION_ID, e.getSessionId());
        Object payload = e.getPayload();
        long ownTime;
        if (payload instanceof SessionStart s) {
            ownTime = e.getTsNs();
            optional(g, F_TAG, s.getTag());
            number(g, F_TS_NS, ownTime);
            if (s.getRuntime() != null) {
                g.writeFieldName(F_RUNTIME);
            g.writeStartObject();
                optional(g, F_LANGUAGE, s.getRuntime().getLanguage());
                optional(g, F_VERSION, s.getRuntime().getVersion());
                g.writeEndObject();
            }
        } else if (payload instanceof Call c) {
            ownTime = c.getT0Ns();
            string(g, F_FUNC, c.getFunc());
            optional(g, F_MODULE, c.getModule());
            optional(g, F_FILE, c.getFile());
            if (c.getLine() != null) {
                number(g, F_LINE, c.getLine());
            }
            number(g, F_T0_NS, ownTime);
            optionalJson(g, F_ARGS_PREVIEW, c.getArgsPreview());
        } else if (payload instanceof Return r) {
            ownTime = r.getT1Ns();
            string(g, F_FUNC, r.getFunc());
            number(g, F_T1_NS, ownTime);
            number(g, F_DT_NS, r.getDtNs());
            optionalJson(g, F_LOCALS_PREVIEW, r.getLocalsPreview());
        } else if (payload instanceof ExceptionEvent x) {
            ownTime = e.getTsNs();
            optional(g, F_FUNC, x.getFunc());
            number(g, F_TS_NS, ownTime);
            string(g, F_TYPE_NAME, x.getTypeName());
            optional(g, F_MESSAGE, x.getMessage());
        } else if (payload instanceof HttpRequest h) {
            ownTime = h.getT0Ns();
            string(g, F_METHOD, h.getMethod());
            string(g, F_URL, h.getUrl());
            number(g, F_T0_NS, ownTime);
            optionalJson(g, F_HEADERS, h.getHeaders());
            optional(g, F_BYTES_OUT, h.getBytesOut());
            optionalJson(g, F_REQUEST_BODY, h.getRequestBody());
        } else if (payload instanceof HttpResponse h) {
            ownTime = h.getT1Ns();
            number(g, F_STATUS, h.getStatus());
            number(g, F_T1_NS, ownTime);
            number(g, F_DT_NS, h.getDtNs());
            optional(g, F_METHOD, h.getMethod());
            optional(g, F_URL, h.getUrl());
            optionalJson(g, F_HEADERS, h.getHeaders());
            optional(g, F_BYTES_IN, h.getBytesIn());
            optional(g, F_ERROR, h.getError());
            optionalJson(g, F_RESPONSE_BODY, h.getResponseBody());
        } else if (payload instanceof Custom c) {
            ownTime = e.getTsNs();
            string(g, F_NAME, c.getName());
            number(g, F_TS_NS, ownTime);
            optionalJson(g, F_DATA, c.getData());
        } else {
            throw new IllegalArgumentException("event " + e.getEventId() + " has no known payload: " + payload);
        }
        if (ownTime != e.getTsNs()) {
            number(g, F_TS_NS, e.getTsNs());
        }
        optional(g, F_TRACE_ID, e.getTraceId());
        optional(g, F_SPAN_ID, e.getSpanId());
        if (e.getAttrs() != null) {
            g.writeFieldName(F_ATTRS);
            g.writeStartObject();
            for (Map.Entry<String, String> attr : e.getAttrs().entrySet()) {
                g.writeStringField(attr.getKey(), attr.getValue());
            }
            g.writeEndObject();
        }
        string(g, F_CATEGORY, CATEGORY_NAMES[e.getCategory().ordinal()]);
        string(g, F_PRIORITY, PRIORITY_NAMES[e.getPriority().ordinal()]);
        sampleRate(g, e.getSampleRate());
        g.writeEndObject();
    }

    private static String[] lowerCaseNames(Enum<?>[] values) {
        String[] names = new String[values.length];
        for (Enum<?> v : values) {
            names[v.ordinal()] = v.name().toLowerCase(Locale.ROOT);
        }
        return names;
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
        g.writeFieldName(F_SAMPLE_RATE);
        if (rate == 1.0) {
            g.writeNumber(ONE);
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
