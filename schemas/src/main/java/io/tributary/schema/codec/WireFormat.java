package io.tributary.schema.codec;

/** The two encodings {@code events.raw} accepts. */
public enum WireFormat {
    /** Avro single-object encoding; starts with {@code C3 01}. */
    AVRO,
    /** One JSON object in UTF-8, as in the JSON line format. */
    JSON;

    /** The format of a record value, told by its first two bytes. */
    public static WireFormat detect(byte[] bytes) {
        return AvroEventCodec.looksLikeAvro(bytes) ? AVRO : JSON;
    }
}
