package io.tributary.schema.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.schema.Call;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.ExceptionEvent;
import io.tributary.schema.HttpRequest;
import io.tributary.schema.HttpResponse;
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
    private JsonEventWriter() {
    }

    static void write(Event e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", e.getType().name().toLowerCase(Locale.ROOT));
        g.writeStringField("id", e.getEventId());
        g.writeStringField("service", e.getService());
        optional(g, "session_id", e.getSessionId());
        Object payload = e.getPayload();
        long ownTime;
        if (payload instanceof SessionStart s) {
            ownTime = e.getTsNs();
            optional(g, "tag", s.getTag());
            g.writeNumberField("ts_ns", ownTime);
            if (s.getRuntime() != null) {
                g.writeObjectFieldStart("runtime");
                optional(g, "language", s.getRuntime().getLanguage());
                optional(g, "version", s.getRuntime().getVersion());
                g.writeEndObject();
            }
        } else if (payload instanceof Call c) {
            ownTime = c.getT0Ns();
            g.writeStringField("func", c.getFunc());
            optional(g, "module", c.getModule());
            optional(g, "file", c.getFile());
            if (c.getLine() != null) {
                g.writeNumberField("line", c.getLine());
            }
            g.writeNumberField("t0_ns", ownTime);
            optionalJson(g, "args_preview", c.getArgsPreview());
        } else if (payload instanceof Return r) {
            ownTime = r.getT1Ns();
            g.writeStringField("func", r.getFunc());
            g.writeNumberField("t1_ns", ownTime);
            g.writeNumberField("dt_ns", r.getDtNs());
            optionalJson(g, "locals_preview", r.getLocalsPreview());
        } else if (payload instanceof ExceptionEvent x) {
            ownTime = e.getTsNs();
            optional(g, "func", x.getFunc());
            g.writeNumberField("ts_ns", ownTime);
            g.writeStringField("type_name", x.getTypeName());
            optional(g, "message", x.getMessage());
        } else if (payload instanceof HttpRequest h) {
            ownTime = h.getT0Ns();
            g.writeStringField("method", h.getMethod());
            g.writeStringField("url", h.getUrl());
            g.writeNumberField("t0_ns", ownTime);
            optionalJson(g, "headers", h.getHeaders());
            optional(g, "bytes_out", h.getBytesOut());
            optionalJson(g, "request_body", h.getRequestBody());
        } else if (payload instanceof HttpResponse h) {
            ownTime = h.getT1Ns();
            g.writeNumberField("status", h.getStatus());
            g.writeNumberField("t1_ns", ownTime);
            g.writeNumberField("dt_ns", h.getDtNs());
            optional(g, "method", h.getMethod());
            optional(g, "url", h.getUrl());
            optionalJson(g, "headers", h.getHeaders());
            optional(g, "bytes_in", h.getBytesIn());
            optional(g, "error", h.getError());
            optionalJson(g, "response_body", h.getResponseBody());
        } else if (payload instanceof Custom c) {
            ownTime = e.getTsNs();
            g.writeStringField("name", c.getName());
            g.writeNumberField("ts_ns", ownTime);
            optionalJson(g, "data", c.getData());
        } else {
            throw new IllegalArgumentException("event " + e.getEventId() + " has no known payload: " + payload);
        }
        if (ownTime != e.getTsNs()) {
            g.writeNumberField("ts_ns", e.getTsNs());
        }
        optional(g, "trace_id", e.getTraceId());
        optional(g, "span_id", e.getSpanId());
        if (e.getAttrs() != null) {
            g.writeObjectFieldStart("attrs");
            for (Map.Entry<String, String> attr : e.getAttrs().entrySet()) {
                g.writeStringField(attr.getKey(), attr.getValue());
            }
            g.writeEndObject();
        }
        g.writeStringField("category", e.getCategory().name().toLowerCase(Locale.ROOT));
        g.writeStringField("priority", e.getPriority().name().toLowerCase(Locale.ROOT));
        g.writeNumberField("sample_rate", e.getSampleRate());
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private static void optional(JsonGenerator g, String field, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(field, value);
        }
    }

    private static void optionalJson(JsonGenerator g, String field, String jsonText) throws IOException {
        if (jsonText != null) {
            g.writeFieldName(field);
            g.writeRawValue(jsonText);
        }
    }
}
