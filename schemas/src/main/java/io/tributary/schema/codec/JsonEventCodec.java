package io.tributary.schema.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.tributary.schema.Event;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON line format of {@code shared/data/sample-events.jsonl}: one UTF-8 JSON object per event, a
 * snake_case {@code type} tag and the field names of EVENT-MODEL.md. Any Kafka client can produce it.
 *
 * <p>Decoding checks JSON types and the fields each event type requires, and fills in what the line leaves
 * out from a {@link DecodeContext}. Fields holding arbitrary JSON ({@code args_preview}, {@code headers},
 * {@code data}, ...) are kept as their JSON text, so nothing is lost on the way through Avro. Unknown fields
 * are ignored. Instances are thread-safe.
 */
public final class JsonEventCodec {
    // Jackson's fast double parser rounds exactly as Double.parseDouble does, at a fraction of the cost.
    private final JsonFactory factory = new JsonFactoryBuilder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    private final JsonEventParser parser = new JsonEventParser(factory,
            new JsonFactoryBuilder().rootValueSeparator("").build());
    private final int maxBytes;

    /** @param maxBytes largest accepted line in bytes; larger input fails with {@code TOO_LARGE} */
    public JsonEventCodec(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** A codec with the default size limit of {@link EventCodecs#DEFAULT_MAX_BYTES}. */
    public static JsonEventCodec create() {
        return new JsonEventCodec(EventCodecs.DEFAULT_MAX_BYTES);
    }

    /**
     * Decodes one JSON line (without or with a trailing newline).
     *
     * @throws EventDecodeException naming the reason and, where there is one, the field
     */
    public Event decode(byte[] bytes, DecodeContext context) {
        if (bytes.length > maxBytes) {
            throw new EventDecodeException(EventDecodeException.Reason.TOO_LARGE, null,
                    bytes.length + " bytes exceed the limit of " + maxBytes);
        }
        return parser.parse(bytes, context);
    }

    /** Encodes the event as one JSON object in UTF-8, without a trailing newline. */
    public byte[] encode(Event event) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(factory._getBufferRecycler(), 512);
             JsonGenerator g = factory.createGenerator(out)) {
            JsonEventWriter.write(event, g);
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory failed", e);
        }
    }

    /** Writes the event as one JSON object to a generator the caller owns (for streaming many events). */
    public void write(Event event, JsonGenerator generator) throws IOException {
        JsonEventWriter.write(event, generator);
    }

    /** The factory this codec uses, for callers that stream events through {@link #write}. */
    public JsonFactory factory() {
        return factory;
    }
}
