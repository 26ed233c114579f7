package io.tributary.sdk;

import io.tributary.schema.Call;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.ExceptionEvent;
import io.tributary.schema.HttpRequest;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Return;
import io.tributary.schema.Runtime;
import io.tributary.schema.SessionStart;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Writes an {@link Event} in Avro single-object encoding, byte for byte what {@code AvroEventCodec} writes,
 * but straight into one reused buffer instead of through Avro's generic datum writer (schema lookups, union
 * resolution and a synchronized stream per byte), which was most of the sender thread's encoding time.
 *
 * <p>It is written against one version of the {@code Event} schema, identified by {@link #FINGERPRINT}.
 * {@link #forCurrentSchema()} returns null when the schemas jar carries another version, and the caller then
 * falls back to the generic codec; {@code AvroEventWriterTest} fails in that case, so the writer gets updated
 * along with the schema. Not thread-safe: each sender thread owns one.
 */
final class AvroEventWriter {
    /** Parsing fingerprint (CRC-64-AVRO) of the {@code Event} schema this writer implements. */
    static final long FINGERPRINT = 0x4a9edf77ddc15ca4L;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int UUID_CHARS = 36;
    private static final int MAX_KEPT_BUFFER = 1 << 20;

    private final byte[] header;
    private byte[] buf = new byte[512];
    private int pos;

    private AvroEventWriter(long fingerprint) {
        header = new byte[10];
        header[0] = (byte) 0xC3;
        header[1] = (byte) 0x01;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
    }

    /** A writer for the {@code Event} schema in the schemas jar, or null when this writer does not know it. */
    static AvroEventWriter forCurrentSchema() {
        long fingerprint = fingerprint(Event.getClassSchema());
        return fingerprint == FINGERPRINT ? new AvroEventWriter(fingerprint) : null;
    }

    static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /**
     * The event's single-object encoding, with {@code event_id} taken from the two halves of its UUID (the
     * event's own {@code event_id} field is not read).
     *
     * @throws NullPointerException when a field the schema does not allow to be null is null, as Avro does
     */
    byte[] encode(Event e, long idHigh, long idLow) {
        pos = 0;
        bytes(header, 0, header.length);
        uuid(idHigh, idLow);
        writeInt(e.getType().ordinal());
        writeInt(e.getCategory().ordinal());
        writeInt(e.getPriority().ordinal());
        writeLong(e.getTsNs());
        string(e.getService(), "service");
        optionalString(e.getSessionId());
        optionalString(e.getTraceId());
        optionalString(e.getSpanId());
        attrs(e.getAttrs());
        payload(e.getPayload());
        writeDouble(e.getSampleRate());
        byte[] encoded = Arrays.copyOf(buf, pos);
        if (buf.length > MAX_KEPT_BUFFER) {
            buf = new byte[512]; // one huge event should not pin its buffer for the client's lifetime
        }
        return encoded;
    }

    private void payload(Object p) {
        if (p instanceof Call c) {
            writeInt(1);
            string(c.getFunc(), "Call.func");
            optionalString(c.getModule());
            optionalString(c.getFile());
            optionalInt(c.getLine());
            writeLong(c.getT0Ns());
            optionalString(c.getArgsPreview());
        } else if (p instanceof Return r) {
            writeInt(2);
            string(r.getFunc(), "Return.func");
            writeLong(r.getT1Ns());
            writeLong(r.getDtNs());
            optionalString(r.getLocalsPreview());
        } else if (p instanceof HttpRequest h) {
            writeInt(4);
            string(h.getMethod(), "HttpRequest.method");
            string(h.getUrl(), "HttpRequest.url");
            writeLong(h.getT0Ns());
            optionalString(h.getHeaders());
            optionalLong(h.getBytesOut());
            optionalString(h.getRequestBody());
        } else if (p instanceof HttpResponse h) {
            writeInt(5);
            writeInt(h.getStatus());
            writeLong(h.getT1Ns());
            writeLong(h.getDtNs());
            optionalString(h.getMethod());
            optionalString(h.getUrl());
            optionalString(h.getHeaders());
            optionalLong(h.getBytesIn());
            optionalString(h.getError());
            optionalString(h.getResponseBody());
        } else if (p instanceof Custom c) {
            writeInt(6);
            string(c.getName(), "Custom.name");
            optionalString(c.getData());
        } else if (p instanceof ExceptionEvent x) {
            writeInt(3);
            optionalString(x.getFunc());
            string(x.getTypeName(), "ExceptionEvent.type_name");
            optionalString(x.getMessage());
        } else if (p instanceof SessionStart s) {
            writeInt(0);
            optionalString(s.getTag());
            Runtime runtime = s.getRuntime();
            if (runtime == null) {
                writeInt(0);
            } else {
                writeInt(1);
                optionalString(runtime.getLanguage());
                optionalString(runtime.getVersion());
            }
        } else {
            throw new IllegalArgumentException("not a payload of the Event schema: " + p);
        }
    }

    private void attrs(Map<String, String> attrs) {
        if (attrs == null) {
            writeInt(0);
            return;
        }
        writeInt(1);
        int size = attrs.size();
        if (size > 0) {
            writeLong(size);
            int written = 0;
            for (Map.Entry<String, String> entry : attrs.entrySet()) {
                string(entry.getKey(), "attrs key");
                string(entry.getValue(), "attrs value");
                written++;
            }
            if (written != size) {
                throw new java.util.ConcurrentModificationException("attrs changed while being written");
            }
        }
        writeInt(0);
    }

    private void uuid(long high, long low) {
        ensure(1 + UUID_CHARS);
        buf[pos++] = (byte) (UUID_CHARS << 1);
        hex(high >>> 32, 8);
        buf[pos++] = '-';
        hex(high >>> 16, 4);
        buf[pos++] = '-';
        hex(high, 4);
        buf[pos++] = '-';
        hex(low >>> 48, 4);
        buf[pos++] = '-';
        hex(low, 12);
    }

    private void hex(long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            buf[pos + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
        pos += digits;
    }

    private void optionalString(String s) {
        if (s == null) {
            writeInt(0);
        } else {
            writeInt(1);
            string(s, null);
        }
    }

    private void optionalInt(Integer i) {
        if (i == null) {
            writeInt(0);
        } else {
            writeInt(1);
            writeInt(i);
        }
    }

    private void optionalLong(Long l) {
        if (l == null) {
            writeInt(0);
        } else {
            writeInt(1);
            writeLong(l);
        }
    }

    private void string(String s, String field) {
        if (s == null) {
            throw new NullPointerException("null value for (non-nullable) string at Event." + field);
        }
        int n = s.length();
        // Most strings are ASCII: copy their chars straight after the length, which is then n.
        int lengthBytes = varintBytes(n);
        ensure(lengthBytes + n);
        int p = pos + lengthBytes;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                utf8(s);
                return;
            }
            buf[p++] = (byte) c;
        }
        writeInt(n);
        pos = p;
    }

    /** Avro writes {@code String.getBytes(UTF_8)}, which replaces unpaired surrogates; so does this. */
    private void utf8(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        bytes(utf8, 0, utf8.length);
    }

    private static int varintBytes(int n) {
        long v = ((long) n << 1) ^ (n >> 31);
        int bytes = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            bytes++;
        }
        return bytes;
    }

    private void bytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
    }

    private void writeInt(int n) {
        writeLong(n);
    }

    private void writeLong(long n) {
        ensure(10);
        long v = (n << 1) ^ (n >> 63);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    private void writeDouble(double d) {
        ensure(8);
        long bits = Double.doubleToRawLongBits(d);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (bits >>> (8 * i));
        }
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
