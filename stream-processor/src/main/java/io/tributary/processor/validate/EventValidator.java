package io.tributary.processor.validate;

import io.tributary.processor.validate.EventValidationException.Reason;
import io.tributary.schema.Call;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.ExceptionEvent;
import io.tributary.schema.HttpRequest;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Return;
import io.tributary.schema.SessionStart;
import io.tributary.schema.codec.AvroEventCodec;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.EventCodecs;
import io.tributary.schema.codec.EventSchemaStore;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns one raw record value into a valid {@link Event}: decodes either wire format, checks what the processor
 * relies on, and clamps event times too far in the future. Thread-safe.
 *
 * <p>Checks: {@code ts_ns > 0}; the payload matches the type; a non-blank event id; a session id on every event
 * but {@code custom}. An event more than {@code maxFutureSkewMs} ahead of the wall clock gets {@code ts_ns}
 * = now, and the attribute {@value #CLAMPED_ATTR} with its original value.
 */
public final class EventValidator {
    /** Attribute set on clamped events: the original {@code ts_ns}. */
    public static final String CLAMPED_ATTR = "tributary.clamped_ts_ns";

    private static final byte[] CURRENT_HEADER = currentHeader();

    private final EventCodecs codecs;
    private final String defaultService;
    private final long maxFutureSkewNs;

    /**
     * @param maxEventBytes largest accepted record value
     * @param defaultService service of JSON events that name none
     * @param maxFutureSkewMs how far ahead of the wall clock an event time may be before it is clamped
     */
    public EventValidator(int maxEventBytes, String defaultService, long maxFutureSkewMs) {
        this.codecs = EventCodecs.withMaxBytes(maxEventBytes);
        this.defaultService = defaultService;
        this.maxFutureSkewNs = maxFutureSkewMs * 1_000_000L;
    }

    /** Outcome of a successful validation. */
    public record Valid(Event event, boolean clamped) {
    }

    /**
     * Decodes and validates.
     *
     * @param service service named by a record header, or {@code null}
     * @param eventIds supplies the id of a JSON event without one (derived from topic, partition and offset)
     * @param nowMs the wall clock, for the future-skew check
     * @throws io.tributary.schema.codec.EventDecodeException when the bytes do not decode
     * @throws EventValidationException when the event breaks a rule
     */
    public Valid validate(byte[] value, String service, DecodeContext.EventIdSource eventIds, long nowMs) {
        DecodeContext context = new DecodeContext(service != null ? service : defaultService, eventIds);
        Event event = codecs.decode(value, context);
        check(event);
        long nowNs = nowMs * 1_000_000L;
        if (event.getTsNs() > nowNs + maxFutureSkewNs) {
            Map<String, String> attrs = event.getAttrs() == null ? new HashMap<>() : new HashMap<>(event.getAttrs());
            attrs.put(CLAMPED_ATTR, Long.toString(event.getTsNs()));
            event.setAttrs(attrs);
            event.setTsNs(nowNs);
            return new Valid(event, true);
        }
        return new Valid(event, false);
    }

    /**
     * True when {@code value} is an Avro single-object message written with the current envelope schema: decoding
     * and re-encoding it gives the same record, so an unchanged event may be written out as these bytes.
     */
    public boolean isCurrentAvro(byte[] value) {
        if (value == null || value.length < CURRENT_HEADER.length) {
            return false;
        }
        for (int i = 0; i < CURRENT_HEADER.length; i++) {
            if (value[i] != CURRENT_HEADER[i]) {
                return false;
            }
        }
        return true;
    }

    /** Marker and little-endian fingerprint of the current schema: the first 10 bytes of its messages. */
    private static byte[] currentHeader() {
        long fingerprint = EventSchemaStore.fingerprint(Event.getClassSchema());
        byte[] header = new byte[10];
        header[0] = AvroEventCodec.MARKER_0;
        header[1] = AvroEventCodec.MARKER_1;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return header;
    }

    private static void check(Event event) {
        if (event.getTsNs() <= 0) {
            throw new EventValidationException(Reason.INVALID_TIMESTAMP, "ts_ns",
                    "event time must be positive, got " + event.getTsNs());
        }
        if (event.getEventId() == null || event.getEventId().isBlank()) {
            throw new EventValidationException(Reason.MISSING_FIELD, "event_id", "event id is blank");
        }
        if (!payloadMatches(event)) {
            throw new EventValidationException(Reason.PAYLOAD_MISMATCH, "payload", "type " + event.getType()
                    + " carries a " + event.getPayload().getClass().getSimpleName() + " payload");
        }
        boolean needsSession = event.getType() != io.tributary.schema.EventType.CUSTOM;
        if (needsSession && (event.getSessionId() == null || event.getSessionId().isBlank())) {
            throw new EventValidationException(Reason.MISSING_FIELD, "session_id",
                    event.getType() + " events need a session id");
        }
    }

    private static boolean payloadMatches(Event event) {
        Object p = event.getPayload();
        return switch (event.getType()) {
            case SESSION_START -> p instanceof SessionStart;
            case CALL -> p instanceof Call;
            case RETURN -> p instanceof Return;
            case EXCEPTION -> p instanceof ExceptionEvent;
            case HTTP_REQUEST -> p instanceof HttpRequest;
            case HTTP_RESPONSE -> p instanceof HttpResponse;
            case CUSTOM -> p instanceof Custom;
        };
    }
}
