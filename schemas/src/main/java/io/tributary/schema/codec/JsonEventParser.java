package io.tributary.schema.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import io.tributary.schema.codec.EventDecodeException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns one JSON line into an {@link Event}, checking what each event type requires. */
final class JsonEventParser {
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

    private final JsonFactory factory;

    JsonEventParser(JsonFactory factory) {
        this.factory = factory;
    }

    Event parse(byte[] bytes, DecodeContext context) {
        requireUtf8(bytes);
        JsonFields f = new JsonFields(factory);
        try (JsonParser p = factory.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new EventDecodeException(Reason.MALFORMED_JSON, null, "an event must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                f.read(field, p);
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new EventDecodeException(Reason.MALFORMED_JSON, null, "unexpected content after the object");
            }
        } catch (JsonProcessingException e) {
            throw new EventDecodeException(Reason.MALFORMED_JSON, null, e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory failed", e);
        }
        return build(f, bytes, context);
    }

    private static Event build(JsonFields f, byte[] bytes, DecodeContext context) {
        EventType type = eventType(f.type);
        Event.Builder event = Event.newBuilder()
                .setType(type)
                .setEventId(f.id != null ? f.id : context.eventIds().eventIdFor(bytes))
                .setService(f.service != null ? f.service : context.defaultService())
                .setSessionId(f.sessionId)
                .setTraceId(checked("trace_id", f.traceId, TRACE_ID))
                .setSpanId(checked("span_id", f.spanId, SPAN_ID))
                .setAttrs(f.attrs == null ? null : new java.util.HashMap<>(f.attrs))
                .setCategory(f.category != null ? category(f.category) : defaultCategory(type))
                .setPriority(f.priority != null ? priority(f.priority) : Priority.NORMAL)
                .setSampleRate(sampleRate(f.sampleRate));
        if (type != EventType.CUSTOM) {
            require("session_id", f.sessionId);
        }
        long ownTime;
        switch (type) {
            case SESSION_START -> {
                ownTime = require("ts_ns", f.tsNs);
                Runtime runtime = f.hasRuntime ? new Runtime(f.runtimeLanguage, f.runtimeVersion) : null;
                event.setPayload(new SessionStart(f.tag, runtime));
            }
            case CALL -> {
                ownTime = require("t0_ns", f.t0Ns);
                if (f.line != null && f.line < 0) {
                    throw new EventDecodeException(Reason.INVALID_VALUE, "line", "must not be negative: " + f.line);
                }
                event.setPayload(new Call(require("func", f.func), f.module, f.file, f.line, ownTime, f.argsPreview));
            }
            case RETURN -> {
                ownTime = require("t1_ns", f.t1Ns);
                event.setPayload(new Return(require("func", f.func), ownTime, duration(f.dtNs), f.localsPreview));
            }
            case EXCEPTION -> {
                ownTime = require("ts_ns", f.tsNs);
                event.setPayload(new ExceptionEvent(f.func, require("type_name", f.typeName), f.message));
            }
            case HTTP_REQUEST -> {
                ownTime = require("t0_ns", f.t0Ns);
                event.setPayload(new HttpRequest(require("method", f.method), require("url", f.url), ownTime,
                        f.headers, nonNegative("bytes_out", f.bytesOut), f.requestBody));
            }
            case HTTP_RESPONSE -> {
                ownTime = require("t1_ns", f.t1Ns);
                int status = require("status", f.status);
                if (status < 100 || status > 599) {
                    throw new EventDecodeException(Reason.INVALID_VALUE, "status", "not an HTTP status: " + status);
                }
                event.setPayload(new HttpResponse(status, ownTime, duration(f.dtNs), f.method, f.url, f.headers,
                        nonNegative("bytes_in", f.bytesIn), f.error, f.responseBody));
            }
            case CUSTOM -> {
                ownTime = require("ts_ns", f.tsNs);
                event.setPayload(new Custom(require("name", f.name), f.data));
            }
            default -> throw new IllegalStateException("unhandled event type " + type);
        }
        event.setTsNs(f.tsNs != null ? f.tsNs : ownTime);
        return event.build();
    }

    /** The category an event type has when the producer names none. */
    static Category defaultCategory(EventType type) {
        return switch (type) {
            case EXCEPTION -> Category.ERROR;
            case CUSTOM -> Category.CUSTOM;
            default -> Category.TRACE;
        };
    }

    private static EventType eventType(String tag) {
        require("type", tag);
        for (EventType type : EventType.values()) {
            if (type.name().equalsIgnoreCase(tag)) {
                return type;
            }
        }
        throw new EventDecodeException(Reason.UNKNOWN_EVENT_TYPE, "type", "unknown event type '" + tag + "'");
    }

    private static Category category(String value) {
        try {
            return Category.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EventDecodeException(Reason.INVALID_VALUE, "category",
                    "'" + value + "' is none of usage, performance, error, trace, custom");
        }
    }

    private static Priority priority(String value) {
        try {
            return Priority.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EventDecodeException(Reason.INVALID_VALUE, "priority",
                    "'" + value + "' is none of low, normal, high, critical");
        }
    }

    private static double sampleRate(Double rate) {
        if (rate == null) {
            return 1.0;
        }
        if (!(rate > 0.0 && rate <= 1.0)) {
            throw new EventDecodeException(Reason.INVALID_VALUE, "sample_rate", "must be in (0, 1], got " + rate);
        }
        return rate;
    }

    private static long duration(Long dtNs) {
        long value = require("dt_ns", dtNs);
        if (value < 0) {
            throw new EventDecodeException(Reason.INVALID_VALUE, "dt_ns", "a duration cannot be negative: " + value);
        }
        return value;
    }

    private static Long nonNegative(String field, Long value) {
        if (value != null && value < 0) {
            throw new EventDecodeException(Reason.INVALID_VALUE, field, "must not be negative: " + value);
        }
        return value;
    }

    private static String checked(String field, String value, Pattern format) {
        if (value != null && !format.matcher(value).matches()) {
            throw new EventDecodeException(Reason.INVALID_VALUE, field, "not a W3C id (lower-case hex): '" + value + "'");
        }
        return value;
    }

    private static <T> T require(String field, T value) {
        if (value == null) {
            throw new EventDecodeException(Reason.MISSING_FIELD, field, "required field is missing or null");
        }
        return value;
    }

    /** Pure ASCII, the common case, needs one cheap pass; anything else gets a strict decoder. */
    private static void requireUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes));
                } catch (CharacterCodingException e) {
                    throw new EventDecodeException(Reason.INVALID_UTF8, null, "the bytes are not valid UTF-8", e);
                }
                return;
            }
        }
    }
}
