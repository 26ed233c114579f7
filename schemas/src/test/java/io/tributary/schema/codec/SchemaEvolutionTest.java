package io.tributary.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schema.Event;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

/**
 * Old producers keep working after the envelope evolves, and new producers can be read by old readers once
 * their schema is known. v2 (test resources) adds an optional {@code region} field to v1.
 */
class SchemaEvolutionTest {
    private final Schema v2 = parse("/evolution/event-v2.avsc");
    private final AvroEventCodec codec = AvroEventCodec.create();

    @Test
    void theCurrentSchemaIsAReleasedVersion() {
        long current = EventSchemaStore.fingerprint(Event.getClassSchema());
        assertThat(EventSchemaStore.withReleasedVersions().releasedVersions())
                .as("change the schema only together with a new file in versions/ and index.txt")
                .extracting(EventSchemaStore::fingerprint)
                .contains(current);
    }

    @Test
    void v1BytesDecodeWithTheV2Reader() throws IOException {
        for (Event event : sampleEvents()) {
            byte[] v1Bytes = codec.encode(event);
            SchemaStore.Cache writers = new SchemaStore.Cache();
            writers.addSchema(Event.getClassSchema());
            BinaryMessageDecoder<GenericRecord> v2Reader = new BinaryMessageDecoder<>(GenericData.get(), v2, writers);

            GenericRecord read = v2Reader.decode(v1Bytes);
            assertThat(read.get("region")).isNull();
            assertThat(read.get("event_id").toString()).isEqualTo(event.getEventId());
            assertThat(read.get("ts_ns")).isEqualTo(event.getTsNs());
            assertThat(read.get("payload").toString()).isEqualTo(GenericData.get().toString(event.getPayload()));
        }
    }

    @Test
    void v2BytesDecodeWithTheCurrentReaderOnceV2IsKnown() throws IOException {
        EventSchemaStore store = EventSchemaStore.withReleasedVersions();
        store.add(v2);
        AvroEventCodec reader = new AvroEventCodec(store, EventCodecs.DEFAULT_MAX_BYTES);
        BinaryMessageEncoder<GenericRecord> v2Writer = new BinaryMessageEncoder<>(GenericData.get(), v2);

        for (Event event : sampleEvents()) {
            GenericRecord asV2 = toV2(event);
            asV2.put("region", "eu-west-1");
            ByteBuffer v2Bytes = v2Writer.encode(asV2);
            byte[] bytes = new byte[v2Bytes.remaining()];
            v2Bytes.get(bytes);

            assertThat(reader.decode(bytes)).isEqualTo(event);
        }
    }

    private GenericRecord toV2(Event event) throws IOException {
        // Re-read v1 bytes as v2 generic records: the resolution proven above, used here as a converter.
        SchemaStore.Cache writers = new SchemaStore.Cache();
        writers.addSchema(Event.getClassSchema());
        return new BinaryMessageDecoder<GenericRecord>(GenericData.get(), v2, writers).decode(codec.encode(event));
    }

    private static Iterable<Event> sampleEvents() {
        JsonEventCodec json = JsonEventCodec.create();
        return SampleEvents.lines().stream()
                .map(l -> json.decode(l.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults()))
                .toList();
    }

    private static Schema parse(String resource) {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
