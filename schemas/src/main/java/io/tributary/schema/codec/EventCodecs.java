package io.tributary.schema.codec;

import io.tributary.schema.Event;
import java.util.function.Supplier;

/**
 * Decodes a record value of {@code events.raw} in whichever wire format it arrived, and holds the defaults
 * shared by both codecs. Thread-safe.
 */
public final class EventCodecs {
    /** Default size limit of one encoded event: 1 MiB, Kafka's default {@code max.request.size}. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

    private final AvroEventCodec avro;
    private final JsonEventCodec json;

    public EventCodecs(AvroEventCodec avro, JsonEventCodec json) {
        this.avro = avro;
        this.json = json;
    }

    /** Both codecs with every released schema version and the default size limit. */
    public static EventCodecs create() {
        return new EventCodecs(AvroEventCodec.create(), JsonEventCodec.create());
    }

    /** Both codecs with every released schema version and the given size limit in bytes. */
    public static EventCodecs withMaxBytes(int maxBytes) {
        return new EventCodecs(new AvroEventCodec(EventSchemaStore.withReleasedVersions(), maxBytes),
                new JsonEventCodec(maxBytes));
    }

    /**
     * Decodes Avro single-object or JSON bytes, told apart by {@link WireFormat#detect}.
     *
     * @throws EventDecodeException when the bytes are neither a valid Avro event nor a valid JSON event
     */
    public Event decode(byte[] bytes, DecodeContext context) {
        return decode(bytes, () -> context);
    }

    /**
     * As {@link #decode(byte[], DecodeContext)}, building the context only when the bytes are JSON (Avro carries
     * everything itself), which saves work per record where the context is derived from record headers.
     */
    public Event decode(byte[] bytes, Supplier<DecodeContext> jsonContext) {
        if (bytes == null) {
            throw new EventDecodeException(EventDecodeException.Reason.MALFORMED_JSON, null, "record has no value");
        }
        return WireFormat.detect(bytes) == WireFormat.AVRO ? avro.decode(bytes) : json.decode(bytes, jsonContext.get());
    }

    /** The Avro codec. */
    public AvroEventCodec avro() {
        return avro;
    }

    /** The JSON codec. */
    public JsonEventCodec json() {
        return json;
    }
}
