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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Turns one JSON line into an {@link Event}, checking what each event type requires. */
final class JsonEventParser {
    private static final EventType[] TYPES = EventType.values();
    private static final Category[] CATEGORIES = Category.values();
    private static final Priority[] PRIORITIES = Priority.values();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final JsonFactory factory;
    private final ThreadLocal<JsonTextCopier> copiers;

    /**
     * @param factory parses the lines
     * @param copyFactory writes the JSON text of fields holding arbitrary JSON; configured as {@code factory},
     *     with an empty root value separator
     */
    JsonEventParser(JsonFactory factory, JsonFactory copyFactory) {
        this.factory = factory;
        this.copiers = ThreadLocal.withInitial(() -> new JsonTextCopier(copyFactory));
    }

    Event parse(byte[] bytes, DecodeContext context) {
        requireUtf8(bytes);
        JsonFields f = new JsonFields(copiers.get());
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
        String eventId = f.id != null ? f.id : context.eventIds().eventIdFor(bytes);
        String service = f.service != null ? f.service : context.defaultService();
        String traceId = hexId("trace_id", f.traceId, 32);
        String spanId = hexId("span_id", f.spanId, 16);
        Category category = f.category != null ? category(f.category) : defaultCategory(type);
        Priority priority = f.priority != null ? priority(f.priority) : Priority.NORMAL;
        double sampleRate = sampleRate(f.sampleRate);
        if (type != EventType.CUSTOM) {
            require("session_id", f.sessionId);
        }
        Object payload = payload(type, f);
        long tsNs = f.tsNs != null ? f.tsNs : ownTime(payload);
        // The all-args constructor takes the values as they are; a builder would deep-copy them again.
        return new Event(eventId, type, category, priority, tsNs, service, f.sessionId, traceId, spanId, f.attrs,
                payload, sampleRate);
    }

    /** The typed payload, checking the fields its type requires. */
    private static Object payload(EventType type, JsonFields f) {
        return switch (type) {
            case SESSION_START -> {
                require("ts_ns", f.tsNs);
                yield new SessionStart(f.tag, f.hasRuntime ? new Runtime(f.runtimeLanguage, f.runtimeVersion) : null);
            }
            case CALL -> {
                Long t0 = require("t0_ns", f.t0Ns);
                if (f.line != null && f.line < 0) {
                    throw new EventDecodeException(Reason.INVALID_VALUE, "line", "must not be negative: " + f.line);
                }
                yield new Call(require("func", f.func), f.module, f.file, f.line, t0, f.argsPreview);
            }
            case RETURN -> {
                Long t1 = require("t1_ns", f.t1Ns);
                yield new Return(require("func", f.func), t1, duration(f.dtNs), f.localsPreview);
            }
            case EXCEPTION -> {
                require("ts_ns", f.tsNs);
                yield new ExceptionEvent(f.func, require("type_name", f.typeName), f.message);
            }
            case HTTP_REQUEST -> {
                Long t0 = require("t0_ns", f.t0Ns);
                yield new HttpRequest(require("method", f.method), require("url", f.url), t0, f.headers,
                        nonNegative("bytes_out", f.bytesOut), f.requestBody);
            }
            case HTTP_RESPONSE -> {
                Long t1 = require("t1_ns", f.t1Ns);
                int status = require("status", f.status);
                if (status < 100 || status > 599) {
                    throw new EventDecodeException(Reason.INVALID_VALUE, "status", "not an HTTP status: " + status);
                }
                yield new HttpResponse(status, t1, duration(f.dtNs), f.method, f.url, f.headers,
                        nonNegative("bytes_in", f.bytesIn), f.error, f.responseBody);
            }
            case CUSTOM -> {
                require("ts_ns", f.tsNs);
                yield new Custom(require("name", f.name), f.data);
            }
        };
    }

    /** The time a payload carries itself (t0 of a call or request, t1 of a return or response), else none. */
    private static long ownTime(Object payload) {
        if (payload instanceof Call c) {
            return c.getT0Ns();
        }
        if (payload instanceof Return r) {
            return r.getT1Ns();
        }
        if (payload instanceof HttpRequest h) {
            return h.getT0Ns();
        }
        if (payload instanceof HttpResponse h) {
            return h.getT1Ns();
        }
        throw new IllegalStateException("ts_ns is required for " + payload.getClass().getSimpleName());
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
        EventType exact = switch (tag) {
            case "session_start" -> EventType.SESSION_START;
            case "call" -> EventType.CALL;
            case "return" -> EventType.RETURN;
            case "exception" -> EventType.EXCEPTION;
            case "http_request" -> EventType.HTTP_REQUEST;
            case "http_response" -> EventType.HTTP_RESPONSE;
            case "custom" -> EventType.CUSTOM;
            default -> null;
        };
        if (exact != null) {
            return exact;
        }
        for (EventType type : TYPES) {
            if (type.name().equalsIgnoreCase(tag)) {
                return type;
            }
        }
        throw new EventDecodeException(Reason.UNKNOWN_EVENT_TYPE, "type", "unknown event type '" + tag + "'");
    }

    private static Category category(String value) {
        for (Category category : CATEGORIES) {
            if (category.name().equalsIgnoreCase(value)) {
                return category;
            }
        }
        throw new EventDecodeException(Reason.INVALID_VALUE, "category",
                "'" + value + "' is none of usage, performance, error, trace, custom");
    }

    private static Priority priority(String value) {
        for (Priority priority : PRIORITIES) {
            if (priority.name().equalsIgnoreCase(value)) {
                return priority;
            }
        }
        throw new EventDecodeException(Reason.INVALID_VALUE, "priority",
                "'" + value + "' is none of low, normal, high, critical");
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

    /** A W3C id: exactly {@code digits} lower-case hex digits (checked by a loop, not a regex: it runs per event). */
    private static String hexId(String field, String value, int digits) {
        if (value == null) {
            return null;
        }
        boolean valid = value.length() == digits;
        for (int i = 0; valid && i < digits; i++) {
            char c = value.charAt(i);
            valid = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }
        if (!valid) {
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

    /** Pure ASCII, the common case, needs one cheap pass (8 bytes at a time); anything else a strict decoder. */
    private static void requireUtf8(byte[] bytes) {
        int i = 0;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            if (((long) LONGS.get(bytes, i) & HIGH_BITS) != 0) {
                requireStrictUtf8(bytes);
                return;
            }
        }
        for (; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                requireStrictUtf8(bytes);
                return;
            }
        }
    }

    private static void requireStrictUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new EventDecodeException(Reason.INVALID_UTF8, null, "the bytes are not valid UTF-8", e);
        }
    }
}
