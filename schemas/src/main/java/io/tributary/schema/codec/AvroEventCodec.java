package io.tributary.schema.codec;

import io.tributary.schema.Event;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Avro single-object encoding of {@link Event}: the two-byte marker {@code C3 01}, the 8-byte little-endian
 * fingerprint of the writer schema, then the binary body. Decoding resolves any writer version held by the
 * {@link EventSchemaStore} into the current schema. Instances are thread-safe.
 *
 * <p>Bytes of the current schema are encoded and decoded by a hand-written coder over a per-thread, reused
 * {@code BinaryEncoder} and {@code BinaryDecoder}; older (or newer, registered) writer versions go through Avro's
 * schema resolution. Maps ({@code attrs}) come back in the order they were written.
 */
public final class AvroEventCodec {
    /** First byte of every single-object encoded message. */
    public static final byte MARKER_0 = (byte) 0xC3;
    /** Second byte of every single-object encoded message. */
    public static final byte MARKER_1 = (byte) 0x01;
    static final int HEADER_BYTES = 10;

    private final SpecificData model = SpecificData.getForClass(Event.class);
    private final EventSchemaStore store;
    private final long currentFingerprint = EventSchemaStore.fingerprint(Event.getClassSchema());
    private final boolean handCoded = EventBinaryCoder.knowsCurrentSchema();
    private final byte[] header = header(currentFingerprint);
    private final SpecificDatumWriter<Event> genericWriter = new SpecificDatumWriter<>(Event.getClassSchema(), model);
    private final ResolvingReaders resolving = new ResolvingReaders();
    private final ThreadLocal<CodecScratch> scratch = ThreadLocal.withInitial(CodecScratch::new);
    private final int maxBytes;

    /**
     * @param store writer schemas the decoder can resolve
     * @param maxBytes largest accepted message in bytes; larger input fails with {@code TOO_LARGE}
     */
    public AvroEventCodec(EventSchemaStore store, int maxBytes) {
        if (maxBytes < HEADER_BYTES) {
            throw new IllegalArgumentException("maxBytes must be at least " + HEADER_BYTES + ", got " + maxBytes);
        }
        this.store = store;
        this.maxBytes = maxBytes;
    }

    /** A codec knowing every released version, with the default size limit of {@link EventCodecs#DEFAULT_MAX_BYTES}. */
    public static AvroEventCodec create() {
        return new AvroEventCodec(EventSchemaStore.withReleasedVersions(), EventCodecs.DEFAULT_MAX_BYTES);
    }

    /** True when the bytes start with the single-object marker. */
    public static boolean looksLikeAvro(byte[] bytes) {
        return bytes != null && bytes.length >= 2 && bytes[0] == MARKER_0 && bytes[1] == MARKER_1;
    }

    /** Encodes the event with the current schema. */
    public byte[] encode(Event event) {
        CodecScratch s = scratch.get();
        try {
            return handCoded ? s.encode(header, event, EventBinaryCoder::write)
                    : s.encode(header, event, genericWriter::write);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory failed", e);
        }
    }

    /**
     * Decodes one single-object encoded event.
     *
     * @throws EventDecodeException with {@code TOO_LARGE}, {@code UNKNOWN_SCHEMA} or {@code TRUNCATED}
     */
    public Event decode(byte[] bytes) {
        long fingerprint = checkHeader(bytes);
        BinaryDecoder body = scratch.get().decoder(bytes, HEADER_BYTES);
        try {
            Event event = handCoded && fingerprint == currentFingerprint ? EventBinaryCoder.read(body)
                    : readerFor(fingerprint).read(null, body);
            requireEnd(body);
            return event;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw corrupt(bytes, e);
        }
    }

    /**
     * Checks size, marker and that the writer schema is known.
     *
     * @return the writer schema's fingerprint
     */
    long checkHeader(byte[] bytes) {
        if (bytes.length > maxBytes) {
            throw new EventDecodeException(EventDecodeException.Reason.TOO_LARGE, null,
                    bytes.length + " bytes exceed the limit of " + maxBytes);
        }
        if (bytes.length < HEADER_BYTES || !looksLikeAvro(bytes)) {
            throw new EventDecodeException(EventDecodeException.Reason.TRUNCATED, null,
                    "not an Avro single-object message: " + bytes.length + " bytes without a complete header");
        }
        long fingerprint = fingerprint(bytes);
        if (fingerprint != currentFingerprint) {
            readerFor(fingerprint);
        }
        return fingerprint;
    }

    /** True when bytes with this writer fingerprint are read by the hand-written coder of the current schema. */
    boolean isCurrent(long fingerprint) {
        return handCoded && fingerprint == currentFingerprint;
    }

    /** Fails unless the record used up the body: otherwise the bytes are not a record of this schema. */
    static void requireEnd(BinaryDecoder body) throws IOException {
        if (!body.isEnd()) {
            throw new EventDecodeException(EventDecodeException.Reason.TRUNCATED, null, "corrupt body: "
                    + body.inputStream().available() + " bytes follow the record");
        }
    }

    /** The decode failure for a body Avro could not read; Avro reports cut or corrupt bodies in several ways. */
    static EventDecodeException corrupt(byte[] bytes, Exception e) {
        if (e instanceof EOFException) {
            return new EventDecodeException(EventDecodeException.Reason.TRUNCATED, null,
                    "message ends before the record does (" + bytes.length + " bytes)", e);
        }
        return new EventDecodeException(EventDecodeException.Reason.TRUNCATED, null,
                "corrupt or truncated body: " + e, e);
    }

    private static long fingerprint(byte[] bytes) {
        long fingerprint = 0;
        for (int i = HEADER_BYTES - 1; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (bytes[i] & 0xFF);
        }
        return fingerprint;
    }

    private static byte[] header(long fingerprint) {
        byte[] header = new byte[HEADER_BYTES];
        header[0] = MARKER_0;
        header[1] = MARKER_1;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return header;
    }

    /** The reader resolving the writer schema with {@code fingerprint} into the current one. */
    private DatumReader<Event> readerFor(long fingerprint) {
        DatumReader<Event> reader = resolving.find(fingerprint);
        if (reader != null) {
            return reader;
        }
        Schema writer = fingerprint == currentFingerprint ? Event.getClassSchema()
                : store.findByFingerprint(fingerprint);
        if (writer == null) {
            throw new EventDecodeException(EventDecodeException.Reason.UNKNOWN_SCHEMA, null,
                    "no known schema has fingerprint " + fingerprintHex(fingerprint));
        }
        return resolving.add(fingerprint, new OrderedMapReader(writer, model));
    }

    private static String fingerprintHex(long fingerprint) {
        StringBuilder hex = new StringBuilder(16);
        for (int i = 0; i < 8; i++) {
            hex.append(String.format("%02x", (fingerprint >>> (8 * i)) & 0xFF));
        }
        return hex.toString();
    }

    /** Avro's resolving reader, with maps in wire order as the hand-written coder reads them. */
    private static final class OrderedMapReader extends SpecificDatumReader<Event> {
        OrderedMapReader(Schema writer, SpecificData model) {
            super(writer, Event.getClassSchema(), model);
        }

        @Override
        protected Object newMap(Object old, int size) {
            return new LinkedHashMap<>();
        }
    }
}
