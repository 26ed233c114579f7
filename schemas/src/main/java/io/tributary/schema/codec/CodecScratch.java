package io.tributary.schema.codec;

import io.tributary.schema.Event;
import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;

/**
 * One thread's reused Avro encoder, decoder and output buffer, so encoding and decoding allocate only what they
 * return. Not thread-safe: {@link AvroEventCodec} keeps one per thread.
 */
final class CodecScratch {
    private final ByteSink sink = new ByteSink();
    private final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(sink, null);
    private BinaryDecoder decoder;

    /** Writes one event's body. */
    @FunctionalInterface
    interface BodyWriter {
        void write(Event event, Encoder out) throws IOException;
    }

    /** The header followed by the body {@code writer} writes for {@code event}. */
    byte[] encode(byte[] header, Event event, BodyWriter writer) throws IOException {
        sink.reset();
        sink.write(header, 0, header.length);
        try {
            writer.write(event, encoder);
        } finally {
            // Also after a failure, so the encoder's buffer is empty for the next event.
            encoder.flush();
        }
        return sink.toByteArray();
    }

    /** The reused decoder, positioned at {@code offset} of {@code bytes} and ending with them. */
    BinaryDecoder decoder(byte[] bytes, int offset) {
        decoder = DecoderFactory.get().binaryDecoder(bytes, offset, bytes.length - offset, decoder);
        return decoder;
    }
}
