package io.tributary.schema.codec;

import io.tributary.schema.Event;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Avro single-object encoding of {@link Event}: the two-byte marker {@code C3 01}, the 8-byte little-endian
 * fingerprint of the writer schema, then the binary body. Decoding resolves any writer version held by the
 * {@link EventSchemaStore} into the current schema. Instances are thread-safe.
 */
public final class AvroEventCodec {
    /** First byte of every single-object encoded message. */
    public static final byte MARKER_0 = (byte) 0xC3;
    /** Second byte of every single-object encoded message. */
    public static final byte MARKER_1 = (byte) 0x01;
    private static final int HEADER_BYTES = 10;

    private final BinaryMessageEncoder<Event> encoder;
    private final SpecificData model;
    private final EventSchemaStore store;
    private final long currentFingerprint;
    private final Map<Long, DatumReader<Event>> readers = new ConcurrentHashMap<>();
    private final int maxBytes;

    /**
     * @param store writer schemas the decoder can resolve
     * @param maxBytes largest accepted message in bytes; larger input fails with {@code TOO_LARGE}
     */
    public AvroEventCodec(EventSchemaStore store, int maxBytes) {
        if (maxBytes < HEADER_BYTES) {
            throw new IllegalArgumentException("maxBytes must be at least " + HEADER_BYTES + ", got " + maxBytes);
        }
        SpecificData model = SpecificData.getForClass(Event.class);
        this.encoder = new BinaryMessageEncoder<>(model, Event.getClassSchema());
        this.model = model;
        this.store = store;
        this.currentFingerprint = EventSchemaStore.fingerprint(Event.getClassSchema());
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
        try {
            ByteBuffer buffer = encoder.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
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
        if (bytes.length > maxBytes) {
            throw new EventDecodeException(EventDecodeException.Reason.TOO_LARGE, null,
                    bytes.length + " bytes exceed the limit of " + maxBytes);
        }
        if (bytes.length < HEADER_BYTES || !looksLikeAvro(bytes)) {
            throw new EventDecodeException(EventDecodeException.Reason.TRUNCATED, null,
                    "not an Avro single-object message: " + bytes.length + " bytes without a complete header");
        }
        // Avro's BinaryMessageDecoder reads the body through an InputStream a byte at a time; a decoder over the
        // array itself is several times faster for the same resolution.
        DatumReader<Event> reader = readerFor(fingerprint(bytes));
        try {
            BinaryDecoder body = DecoderFactory.get().binaryDecoder(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES,
                    null);
            Event event = reader.read(null, body);
            if (!body.isEnd()) {
                // Not a record of this schema: the bytes would not survive a re-encoding unchanged.
                throw new EventDecodeException(EventDecodeException.Reason.TRUNCATED, null, "corrupt body: "
                        + body.inputStream().available() + " bytes follow the record");
            }
            return event;
        } catch (EOFException e) {
            throw new EventDecodeException(EventDecodeException.Reason.TRUNCATED, null,
                    "message ends before the record does (" + bytes.length + " bytes)", e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            // Avro reports cut or corrupt bodies in several ways; each means the bytes are not a whole record.
            throw new EventDecodeException(EventDecodeException.Reason.TRUNCATED, null,
                    "corrupt or truncated body: " + e, e);
        }
    }

    private static long fingerprint(byte[] bytes) {
        long fingerprint = 0;
        for (int i = HEADER_BYTES - 1; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (bytes[i] & 0xFF);
        }
        return fingerprint;
    }

    /** The reader resolving the writer schema with {@code fingerprint} into the current one. */
    private DatumReader<Event> readerFor(long fingerprint) {
        DatumReader<Event> reader = readers.get(fingerprint);
        if (reader != null) {
            return reader;
        }
        Schema writer = fingerprint == currentFingerprint ? Event.getClassSchema()
                : store.findByFingerprint(fingerprint);
        if (writer == null) {
            throw new EventDecodeException(EventDecodeException.Reason.UNKNOWN_SCHEMA, null,
                    "no known schema has fingerprint " + fingerprintHex(fingerprint));
        }
        return readers.computeIfAbsent(fingerprint,
                fp -> new SpecificDatumReader<>(writer, Event.getClassSchema(), model));
    }

    private static String fingerprintHex(long fingerprint) {
        StringBuilder hex = new StringBuilder(16);
        for (int i = 0; i < 8; i++) {
            hex.append(String.format("%02x", (fingerprint >>> (8 * i)) & 0xFF));
        }
        return hex.toString();
    }
}
