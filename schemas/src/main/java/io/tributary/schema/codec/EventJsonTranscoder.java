package io.tributary.schema.codec;

import static io.tributary.schema.codec.EventBinaryCoder.present;

import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Avro single-object bytes of an event → its JSON line, straight from the binary body without building an
 * {@link io.tributary.schema.Event}. The output is byte for byte what {@link JsonEventCodec#encode} writes for
 * the decoded event (the reference, kept for everything else), which is the export's canonical NDJSON line.
 *
 * <p>Bytes of the current writer schema are transcoded directly; bytes of another known writer version are
 * decoded into an event by {@link AvroEventCodec} and written from it by the reference. Either way a line is
 * complete or not written at all: the JSON is built in an internal buffer ({@link JsonLineBuffer}, which writes
 * what Jackson writes) and handed over only when the whole body was read. Not thread-safe: one per writer thread.
 */
public final class EventJsonTranscoder {
    private static final byte[] ONE = JsonNames.ONE.getBytes(StandardCharsets.US_ASCII);

    private final AvroEventCodec avro;
    private final JsonEventCodec reference = JsonEventCodec.create();
    private final JsonLineBuffer out = new JsonLineBuffer();
    private BinaryDecoder in;
    private BinaryDecoder attrsIn;
    private final Utf8 eventId = new Utf8();
    private final Utf8 traceId = new Utf8();
    private final Utf8 spanId = new Utf8();
    private final Utf8 text = new Utf8();

    /** A transcoder resolving writer versions with {@code avro}'s schema store and size limit. */
    public EventJsonTranscoder(AvroEventCodec avro) {
        this.avro = avro;
    }

    /** A transcoder knowing every released version, with the default size limit. */
    public static EventJsonTranscoder create() {
        return new EventJsonTranscoder(AvroEventCodec.create());
    }

    /**
     * The JSON line (without a newline) of one single-object encoded event.
     *
     * @throws EventDecodeException as {@link AvroEventCodec#decode} does, writing nothing
     */
    public byte[] transcode(byte[] bytes) {
        fill(bytes);
        return out.toByteArray();
    }

    /**
     * Appends the JSON line (without a newline) of one single-object encoded event to {@code out}.
     *
     * @throws EventDecodeException as {@link AvroEventCodec#decode} does, writing nothing to {@code out}
     * @throws IOException when {@code out} fails
     */
    public void transcode(byte[] bytes, OutputStream sink) throws IOException {
        fill(bytes);
        out.writeTo(sink);
    }

    /** Leaves the JSON line of {@code bytes} in {@link #out}. */
    private void fill(byte[] bytes) {
        long fingerprint = avro.checkHeader(bytes);
        out.reset();
        if (!avro.isCurrent(fingerprint)) {
            out.append(reference.encode(avro.decode(bytes)));
            return;
        }
        in = DecoderFactory.get().binaryDecoder(bytes, AvroEventCodec.HEADER_BYTES,
                bytes.length - AvroEventCodec.HEADER_BYTES, in);
        try {
            writeEvent(bytes);
            AvroEventCodec.requireEnd(in);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw AvroEventCodec.corrupt(bytes, e);
        }
    }

    /** The fields in the order of {@link JsonEventWriter}, read in the order of the schema. */
    private void writeEvent(byte[] bytes) throws IOException {
        in.readString(eventId);
        String type = JsonNames.TYPE_NAMES[in.readEnum()];
        String category = JsonNames.CATEGORY_NAMES[in.readEnum()];
        String priority = JsonNames.PRIORITY_NAMES[in.readEnum()];
        long tsNs = in.readLong();
        out.startObject();
        enumSymbol(JsonNames.TYPE, type);
        string(JsonNames.EVENT_ID, eventId);
        string(JsonNames.SERVICE, in.readString(text));
        optionalString(JsonNames.SESSION_ID);
        boolean hasTrace = present(in) && in.readString(traceId) != null;
        boolean hasSpan = present(in) && in.readString(spanId) != null;
        int attrsAt = present(in) ? skipMap(bytes) : -1;
        long ownTime = payload(tsNs);
        double sampleRate = in.readDouble();
        if (ownTime != tsNs) {
            writeNumber(JsonNames.TS_NS, tsNs);
        }
        if (hasTrace) {
            string(JsonNames.TRACE_ID, traceId);
        }
        if (hasSpan) {
            string(JsonNames.SPAN_ID, spanId);
        }
        if (attrsAt >= 0) {
            attrs(bytes, attrsAt);
        }
        enumSymbol(JsonNames.CATEGORY, category);
        enumSymbol(JsonNames.PRIORITY, priority);
        out.field(JsonNames.SAMPLE_RATE);
        if (sampleRate == 1.0) {
            out.append(ONE);
        } else {
            out.number(sampleRate);
        }
        out.endObject();
    }

    /** Writes the payload's fields; returns the time it carries itself (the event time where it has none). */
    private long payload(long tsNs) throws IOException {
        int branch = in.readIndex();
        switch (branch) {
            case EventBinaryCoder.SESSION_START -> {
                optionalString(JsonNames.TAG);
                writeNumber(JsonNames.TS_NS, tsNs);
                if (present(in)) {
                    out.field(JsonNames.RUNTIME);
                    out.startObject();
                    optionalString(JsonNames.LANGUAGE);
                    optionalString(JsonNames.VERSION);
                    out.endObject();
                }
                return tsNs;
            }
            case EventBinaryCoder.CALL -> {
                string(JsonNames.FUNC, in.readString(text));
                optionalString(JsonNames.MODULE);
                optionalString(JsonNames.FILE);
                if (present(in)) {
                    writeNumber(JsonNames.LINE, in.readInt());
                }
                long t0 = number(JsonNames.T0_NS);
                optionalJson(JsonNames.ARGS_PREVIEW);
                return t0;
            }
            case EventBinaryCoder.RETURN -> {
                string(JsonNames.FUNC, in.readString(text));
                long t1 = number(JsonNames.T1_NS);
                number(JsonNames.DT_NS);
                optionalJson(JsonNames.LOCALS_PREVIEW);
                return t1;
            }
            case EventBinaryCoder.EXCEPTION -> {
                optionalString(JsonNames.FUNC);
                writeNumber(JsonNames.TS_NS, tsNs);
                string(JsonNames.TYPE_NAME, in.readString(text));
                optionalString(JsonNames.MESSAGE);
                return tsNs;
            }
            case EventBinaryCoder.HTTP_REQUEST -> {
                string(JsonNames.METHOD, in.readString(text));
                string(JsonNames.URL, in.readString(text));
                long t0 = number(JsonNames.T0_NS);
                optionalJson(JsonNames.HEADERS);
                optionalLong(JsonNames.BYTES_OUT);
                optionalJson(JsonNames.REQUEST_BODY);
                return t0;
            }
            case EventBinaryCoder.HTTP_RESPONSE -> {
                writeNumber(JsonNames.STATUS, in.readInt());
                long t1 = number(JsonNames.T1_NS);
                number(JsonNames.DT_NS);
                optionalString(JsonNames.METHOD);
                optionalString(JsonNames.URL);
                optionalJson(JsonNames.HEADERS);
                optionalLong(JsonNames.BYTES_IN);
                optionalString(JsonNames.ERROR);
                optionalJson(JsonNames.RESPONSE_BODY);
                return t1;
            }
            case EventBinaryCoder.CUSTOM -> {
                string(JsonNames.NAME, in.readString(text));
                writeNumber(JsonNames.TS_NS, tsNs);
                optionalJson(JsonNames.DATA);
                return tsNs;
            }
            default -> throw new AvroRuntimeException("payload union index " + branch + " out of range");
        }
    }

    /** Skips the map at the decoder's position; returns that position, where {@link #attrs} reads it again. */
    private int skipMap(byte[] bytes) throws IOException {
        int at = bytes.length - in.inputStream().available();
        for (long n = in.skipMap(); n != 0; n = in.skipMap()) {
            for (long i = 0; i < n; i++) {
                in.skipString();
                in.skipString();
            }
        }
        return at;
    }

    /** The map is written after the payload but precedes it on the wire: read it a second time. */
    private void attrs(byte[] bytes, int at) throws IOException {
        attrsIn = DecoderFactory.get().binaryDecoder(bytes, at, bytes.length - at, attrsIn);
        out.field(JsonNames.ATTRS);
        out.startObject();
        for (long n = attrsIn.readMapStart(); n != 0; n = attrsIn.mapNext()) {
            for (long i = 0; i < n; i++) {
                attrsIn.readString(text);
                out.field(text.getBytes(), text.getByteLength());
                attrsIn.readString(text);
                out.string(text.getBytes(), text.getByteLength());
            }
        }
        out.endObject();
    }

    private long number(SerializableString field) throws IOException {
        long value = in.readLong();
        writeNumber(field, value);
        return value;
    }

    private void optionalLong(SerializableString field) throws IOException {
        if (present(in)) {
            writeNumber(field, in.readLong());
        }
    }

    private void optionalString(SerializableString field) throws IOException {
        if (present(in)) {
            string(field, in.readString(text));
        }
    }

    private void optionalJson(SerializableString field) throws IOException {
        if (present(in)) {
            in.readString(text);
            out.field(field);
            out.rawValue(text.getBytes(), text.getByteLength());
        }
    }

    private void string(SerializableString field, Utf8 value) {
        out.field(field);
        out.string(value.getBytes(), value.getByteLength());
    }

    private void writeNumber(SerializableString field, long value) {
        out.field(field);
        out.number(value);
    }

    private void enumSymbol(SerializableString field, String symbol) {
        out.field(field);
        out.string(symbol);
    }
}
