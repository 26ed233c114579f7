package io.tributary.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schema.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The hand-written coder against Avro's own datum writer and reader, which it replaces for the current schema. */
class EventBinaryCoderTest {
    private final AvroEventCodec codec = AvroEventCodec.create();

    @Test
    void isWrittenForTheCurrentSchema() {
        assertThat(EventSchemaStore.fingerprint(Event.getClassSchema()))
                .as("the Event schema changed: update EventBinaryCoder and EventJsonTranscoder, then FINGERPRINT")
                .isEqualTo(EventBinaryCoder.FINGERPRINT);
        assertThat(EventBinaryCoder.knowsCurrentSchema()).isTrue();
    }

    @Test
    void writesWhatAvrosDatumWriterWrites() throws IOException {
        for (Event event : events()) {
            byte[] encoded = codec.encode(event);
            byte[] body = Arrays.copyOfRange(encoded, AvroEventCodec.HEADER_BYTES, encoded.length);
            assertThat(body).as("body of %s", event.getEventId()).isEqualTo(avroBody(event));
        }
    }

    @Test
    void readsWhatAvrosDatumReaderReads() throws IOException {
        SpecificDatumReader<Event> reader = new SpecificDatumReader<>(Event.class);
        for (Event event : events()) {
            byte[] encoded = codec.encode(event);
            Event expected = reader.read(null, DecoderFactory.get().binaryDecoder(encoded,
                    AvroEventCodec.HEADER_BYTES, encoded.length - AvroEventCodec.HEADER_BYTES, null));
            Event decoded = codec.decode(encoded);
            assertThat(decoded).isEqualTo(expected).isEqualTo(event);
            if (event.getAttrs() != null) {
                assertThat(decoded.getAttrs().keySet()).as("attrs in wire order")
                        .containsExactlyElementsOf(event.getAttrs().keySet());
            }
        }
    }

    private static byte[] avroBody(Event event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(Event.class).write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    static List<Event> events() {
        JsonEventCodec json = JsonEventCodec.create();
        List<Event> events = new ArrayList<>(HostileEvents.all());
        for (String line : SampleEvents.lines()) {
            events.add(json.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults()));
        }
        return events;
    }
}
