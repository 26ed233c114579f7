package io.tributary.schema.codec;

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
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The Avro binary body of {@link Event} in the current schema, read and written field by field without a
 * {@code ResolvingDecoder} or the generic datum walk. Avro 1.12 generates custom coders ({@code customEncode})
 * for the payload records but not for the envelope, whose seven-branch union is beyond its generator; this class
 * is that missing coder. Maps are read into insertion-ordered maps, so the order of {@code attrs} on the wire is
 * the order every reader sees.
 *
 * <p>Written against one version of the schema, {@link #FINGERPRINT}. Callers use it only when
 * {@link #knowsCurrentSchema()} and only for bytes of that writer version; anything else goes through Avro's
 * resolution. {@code EventBinaryCoderTest} fails when the schema changes, so this coder gets updated with it.
 */
final class EventBinaryCoder {
    /** Parsing fingerprint (CRC-64-AVRO) of the {@code Event} schema this coder implements. */
    static final long FINGERPRINT = 0x4a9edf77ddc15ca4L;

    /** Payload records in the order of the {@code payload} union's branches. */
    static final int SESSION_START = 0;
    static final int CALL = 1;
    static final int RETURN = 2;
    static final int EXCEPTION = 3;
    static final int HTTP_REQUEST = 4;
    static final int HTTP_RESPONSE = 5;
    static final int CUSTOM = 6;

    private static final EventType[] TYPES = EventType.values();
    private static final Category[] CATEGORIES = Category.values();
    private static final Priority[] PRIORITIES = Priority.values();

    private EventBinaryCoder() {
    }

    /** True when the schemas jar carries the schema version this coder is written for. */
    static boolean knowsCurrentSchema() {
        return EventSchemaStore.fingerprint(Event.getClassSchema()) == FINGERPRINT;
    }

    /** Writes the body of {@code e} (no single-object header). */
    static void write(Event e, Encoder out) throws IOException {
        out.writeString(e.getEventId());
        out.writeEnum(e.getType().ordinal());
        out.writeEnum(e.getCategory().ordinal());
        out.writeEnum(e.getPriority().ordinal());
        out.writeLong(e.getTsNs());
        out.writeString(e.getService());
        optional(out, e.getSessionId());
        optional(out, e.getTraceId());
        optional(out, e.getSpanId());
        writeAttrs(out, e.getAttrs());
        Object payload = e.getPayload();
        out.writeIndex(branchOf(payload));
        // The payload records do have generated custom coders.
        ((SpecificRecordBase) payload).customEncode(out);
        out.writeDouble(e.getSampleRate());
    }

    /** Reads one body written with the current schema. */
    static Event read(BinaryDecoder in) throws IOException {
        String eventId = in.readString();
        EventType type = symbol(TYPES, in.readEnum());
        Category category = symbol(CATEGORIES, in.readEnum());
        Priority priority = symbol(PRIORITIES, in.readEnum());
        long tsNs = in.readLong();
        String service = in.readString();
        String sessionId = optionalString(in);
        String traceId = optionalString(in);
        String spanId = optionalString(in);
        Map<String, String> attrs = readAttrs(in);
        Object payload = readPayload(in);
        double sampleRate = in.readDouble();
        return new Event(eventId, type, category, priority, tsNs, service, sessionId, traceId, spanId, attrs, payload,
                sampleRate);
    }

    /** The union branch of a payload record. */
    static int branchOf(Object payload) {
        if (payload instanceof Call) {
            return CALL;
        } else if (payload instanceof Return) {
            return RETURN;
        } else if (payload instanceof HttpRequest) {
            return HTTP_REQUEST;
        } else if (payload instanceof HttpResponse) {
            return HTTP_RESPONSE;
        } else if (payload instanceof SessionStart) {
            return SESSION_START;
        } else if (payload instanceof ExceptionEvent) {
            return EXCEPTION;
        } else if (payload instanceof Custom) {
            return CUSTOM;
        }
        throw new AvroRuntimeException("not a payload of the event schema: " + payload);
    }

    /** The symbol at {@code index}, failing like Avro does for an index the enum does not have. */
    static <E> E symbol(E[] symbols, int index) {
        if (index < 0 || index >= symbols.length) {
            throw new AvroRuntimeException("enum index " + index + " out of range, " + symbols.length + " symbols");
        }
        return symbols[index];
    }

    /** Reads the branch of a {@code ["null", x]} union: true when a value follows. */
    static boolean present(BinaryDecoder in) throws IOException {
        int branch = in.readIndex();
        if (branch == 1) {
            return true;
        }
        if (branch != 0) {
            throw new AvroRuntimeException("union index " + branch + " out of range, 2 branches");
        }
        return false;
    }

    private static Object readPayload(BinaryDecoder in) throws IOException {
        int branch = in.readIndex();
        return switch (branch) {
            case SESSION_START -> new SessionStart(optionalString(in), present(in)
                    ? new Runtime(optionalString(in), optionalString(in)) : null);
            case CALL -> new Call(in.readString(), optionalString(in), optionalString(in),
                    present(in) ? in.readInt() : null, in.readLong(), optionalString(in));
            case RETURN -> new Return(in.readString(), in.readLong(), in.readLong(), optionalString(in));
            case EXCEPTION -> new ExceptionEvent(optionalString(in), in.readString(), optionalString(in));
            case HTTP_REQUEST -> new HttpRequest(in.readString(), in.readString(), in.readLong(), optionalString(in),
                    optionalLong(in), optionalString(in));
            case HTTP_RESPONSE -> new HttpResponse(in.readInt(), in.readLong(), in.readLong(), optionalString(in),
                    optionalString(in), optionalString(in), optionalLong(in), optionalString(in), optionalString(in));
            case CUSTOM -> new Custom(in.readString(), optionalString(in));
            default -> throw new AvroRuntimeException("payload union index " + branch + " out of range");
        };
    }

    private static String optionalString(BinaryDecoder in) throws IOException {
        return present(in) ? in.readString() : null;
    }

    private static Long optionalLong(BinaryDecoder in) throws IOException {
        return present(in) ? in.readLong() : null;
    }

    private static Map<String, String> readAttrs(BinaryDecoder in) throws IOException {
        if (!present(in)) {
            return null;
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (long n = in.readMapStart(); n != 0; n = in.mapNext()) {
            for (long i = 0; i < n; i++) {
                String key = in.readString();
                attrs.put(key, in.readString());
            }
        }
        return attrs;
    }

    private static void optional(Encoder out, String value) throws IOException {
        if (value == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeString(value);
        }
    }

    private static void writeAttrs(Encoder out, Map<String, String> attrs) throws IOException {
        if (attrs == null) {
            out.writeIndex(0);
            return;
        }
        out.writeIndex(1);
        out.writeMapStart();
        out.setItemCount(attrs.size());
        for (Map.Entry<String, String> attr : attrs.entrySet()) {
            out.startItem();
            out.writeString(attr.getKey());
            out.writeString(attr.getValue());
        }
        out.writeMapEnd();
    }
}
