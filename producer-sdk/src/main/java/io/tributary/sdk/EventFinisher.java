package io.tributary.sdk;

import io.tributary.schema.Call;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.ExceptionEvent;
import io.tributary.schema.HttpRequest;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Return;
import io.tributary.schema.SessionStart;
import io.tributary.schema.codec.AvroEventCodec;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finishes events on the sender thread: formats the id, renders JSON-valued fields, applies the truncation
 * limits (string length, number of attributes, event bytes) and encodes with Avro single-object encoding.
 * Not thread-safe; the sender owns one.
 */
final class EventFinisher {
    private static final String OVERSIZE_MARKER = "{\"_truncated\":true}";

    private final AvroEventCodec codec;
    private final AvroEventWriter writer;
    private final int maxString;
    private final int maxAttrs;
    private final int maxEventBytes;
    private final PreviewJson json;
    private boolean truncated;

    EventFinisher(AvroEventCodec codec, int maxString, int maxAttrs, int maxEventBytes) {
        this.codec = codec;
        this.writer = AvroEventWriter.forCurrentSchema();
        this.maxString = maxString;
        this.maxAttrs = maxAttrs;
        this.maxEventBytes = maxEventBytes;
        this.json = new PreviewJson(maxString, maxAttrs);
    }

    /** True when events are written by the direct {@link AvroEventWriter}, false when by the generic codec. */
    boolean directWriter() {
        return writer != null;
    }

    /**
     * Sets {@code key} and {@code value} of the pending event.
     *
     * @return false when the event is still over the byte limit after removing its previews and bodies
     */
    boolean finish(PendingEvent pending, Counters counters) {
        Event event = pending.event;
        truncated = false;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long idHigh = Ids.uuidHigh(random);
        long idLow = Ids.uuidLow(random);
        setJson(event.getPayload(), pending.json == null ? null : render(pending.json));
        truncateStrings(event);
        byte[] value = encode(event, idHigh, idLow);
        if (value.length > maxEventBytes) {
            stripBulk(event.getPayload());
            truncated = true;
            value = encode(event, idHigh, idLow);
        }
        if (truncated) {
            counters.truncated.increment();
        }
        if (value.length > maxEventBytes) {
            return false;
        }
        pending.key = event.getSessionId() != null ? event.getSessionId()
                : new UUID(idHigh, idLow).toString();
        pending.value = value;
        pending.event = null;
        pending.json = null;
        return true;
    }

    private byte[] encode(Event event, long idHigh, long idLow) {
        if (writer != null) {
            return writer.encode(event, idHigh, idLow);
        }
        event.setEventId(new UUID(idHigh, idLow).toString());
        return codec.encode(event);
    }

    /** The string cut to at most {@code max} chars, never splitting a surrogate pair. */
    static String cut(String s, int max) {
        int end = max;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private String render(Object value) {
        if (value instanceof PreRendered pre) {
            return pre.json;
        }
        String text = json.render(value);
        truncated |= json.truncated();
        return text;
    }

    private static void setJson(Object payload, String text) {
        if (payload instanceof Call c) {
            c.setArgsPreview(text);
        } else if (payload instanceof Return r) {
            r.setLocalsPreview(text);
        } else if (payload instanceof HttpRequest h) {
            h.setHeaders(text);
        } else if (payload instanceof HttpResponse h) {
            h.setHeaders(text);
        } else if (payload instanceof Custom c) {
            c.setData(text);
        }
    }

    private void truncateStrings(Event e) {
        e.setAttrs(limitMap(e.getAttrs()));
        Object p = e.getPayload();
        if (p instanceof SessionStart s) {
            s.setTag(limit(s.getTag()));
        } else if (p instanceof Call c) {
            c.setFunc(limit(c.getFunc()));
            c.setModule(limit(c.getModule()));
            c.setFile(limit(c.getFile()));
        } else if (p instanceof Return r) {
            r.setFunc(limit(r.getFunc()));
        } else if (p instanceof ExceptionEvent x) {
            x.setFunc(limit(x.getFunc()));
            x.setTypeName(limit(x.getTypeName()));
            x.setMessage(limit(x.getMessage()));
        } else if (p instanceof HttpRequest h) {
            h.setUrl(limit(h.getUrl()));
        } else if (p instanceof HttpResponse h) {
            h.setUrl(limit(h.getUrl()));
            h.setError(limit(h.getError()));
        } else if (p instanceof Custom c) {
            c.setName(limit(c.getName()));
        }
    }

    private static void stripBulk(Object p) {
        if (p instanceof Call c) {
            c.setArgsPreview(OVERSIZE_MARKER);
        } else if (p instanceof Return r) {
            r.setLocalsPreview(OVERSIZE_MARKER);
        } else if (p instanceof HttpRequest h) {
            h.setHeaders(null);
            h.setRequestBody(null);
        } else if (p instanceof HttpResponse h) {
            h.setHeaders(null);
            h.setResponseBody(null);
        } else if (p instanceof Custom c) {
            c.setData(OVERSIZE_MARKER);
        }
    }

    private String limit(String s) {
        if (s == null || s.length() <= maxString) {
            return s;
        }
        truncated = true;
        return cut(s, maxString);
    }

    private Map<String, String> limitMap(Map<String, String> attrs) {
        if (attrs == null) {
            return null;
        }
        boolean tooMany = attrs.size() > maxAttrs;
        boolean tooLong = false;
        for (Map.Entry<String, String> a : attrs.entrySet()) {
            tooLong |= a.getValue() != null && a.getValue().length() > maxString;
        }
        if (!tooMany && !tooLong) {
            return attrs;
        }
        truncated = true;
        Map<String, String> limited = new HashMap<>();
        Iterator<Map.Entry<String, String>> it = attrs.entrySet().iterator();
        while (it.hasNext() && limited.size() < maxAttrs) {
            Map.Entry<String, String> a = it.next();
            limited.put(a.getKey(), a.getValue() == null ? null : limit(a.getValue()));
        }
        return limited;
    }

    /** A JSON value the caller already has as text (e.g. a request body that is a JSON document). */
    record PreRendered(String json) {
    }
}
