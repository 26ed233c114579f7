package io.tributary.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.schema.Call;
import io.tributary.schema.Category;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.Priority;
import io.tributary.schema.codec.EventDecodeException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

/** The transcoder writes exactly the JSON line the reference path (decode to an Event, then encode) writes. */
class EventJsonTranscoderTest {
    private final AvroEventCodec avro = AvroEventCodec.create();
    private final JsonEventCodec json = JsonEventCodec.create();
    private final EventJsonTranscoder transcoder = new EventJsonTranscoder(avro);

    @Test
    void sampleAndHostileEventsTranscodeByteForByteAsTheEventPath() {
        int checked = 0;
        for (Event event : EventBinaryCoderTest.events()) {
            byte[] bytes = avro.encode(event);
            byte[] reference = json.encode(avro.decode(bytes));
            assertThat(new String(transcoder.transcode(bytes), StandardCharsets.UTF_8))
                    .as("line of %s", event.getEventId())
                    .isEqualTo(new String(reference, StandardCharsets.UTF_8));
            assertThat(transcoder.transcode(bytes)).isEqualTo(reference);
            checked++;
        }
        assertThat(checked).isGreaterThan(SampleEvents.lines().size() + 60);
    }

    @Test
    void malformedUtf8AndUnusualRatesAsTheEventPath() {
        int checked = 0;
        for (double rate : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e21, 123456.789, 1e-300}) {
            Event event = new Event("QQQ", EventType.CALL, Category.TRACE, Priority.HIGH, 5L, "QQQ", "QQQ", null, null,
                    new LinkedHashMap<>(Map.of("QQQ", "QQQ")), new Call("QQQ", "QQQ", null, 3, 4L, "[\"QQQ\"]"), rate);
            byte[] bytes = avro.encode(event);
            for (byte[] bad : new byte[][] {{(byte) 0xC3, 0x28, 0x41}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}}) {
                byte[] patched = replaceAll(bytes, "QQQ".getBytes(StandardCharsets.US_ASCII), bad);
                assertThat(transcoder.transcode(patched)).isEqualTo(json.encode(avro.decode(patched)));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(18);
    }

    private static byte[] replaceAll(byte[] bytes, byte[] from, byte[] to) {
        byte[] out = bytes.clone();
        for (int i = 0; i + from.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, out, i, to.length);
            }
        }
        return out;
    }

    @Test
    void hostileTextIsEscapedNotPassedThrough() {
        Event event = HostileEvents.all().stream()
                .filter(e -> HostileEvents.CONTROL.equals(e.getService())).findFirst().orElseThrow();
        String line = new String(transcoder.transcode(avro.encode(event)), StandardCharsets.UTF_8);
        assertThat(line).contains("nul\\u0000 soh\\u0001 tab\\t nl\\n").doesNotContain("\n").doesNotContain("\u0000");
    }

    @Test
    void appendsToAStreamAndWritesNothingForCorruptBytes() throws IOException {
        byte[] good = avro.encode(EventBinaryCoderTest.events().get(0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        transcoder.transcode(good, out);
        int afterOne = out.size();
        assertThat(out.toByteArray()).isEqualTo(json.encode(avro.decode(good)));

        byte[] cut = Arrays.copyOf(good, good.length - 3);
        assertThatThrownBy(() -> transcoder.transcode(cut, out))
                .isInstanceOfSatisfying(EventDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
        byte[] longer = Arrays.copyOf(good, good.length + 2);
        assertThatThrownBy(() -> transcoder.transcode(longer, out))
                .isInstanceOfSatisfying(EventDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
        byte[] unknown = good.clone();
        unknown[4] ^= 0x11;
        assertThatThrownBy(() -> transcoder.transcode(unknown, out))
                .isInstanceOfSatisfying(EventDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA));
        assertThat(out.size()).isEqualTo(afterOne);

        // A failure mid-object leaves the next line intact.
        transcoder.transcode(good, out);
        assertThat(Arrays.copyOfRange(out.toByteArray(), afterOne, out.size())).isEqualTo(json.encode(avro.decode(good)));
    }

    @Test
    void anotherWriterVersionFallsBackToTheEventPath() throws IOException {
        Schema v2 = parse("/evolution/event-v2.avsc");
        EventSchemaStore store = EventSchemaStore.withReleasedVersions();
        store.add(v2);
        AvroEventCodec reader = new AvroEventCodec(store, EventCodecs.DEFAULT_MAX_BYTES);
        EventJsonTranscoder v2Transcoder = new EventJsonTranscoder(reader);
        SchemaStore.Cache writers = new SchemaStore.Cache();
        writers.addSchema(Event.getClassSchema());
        BinaryMessageDecoder<GenericRecord> asV2 = new BinaryMessageDecoder<>(GenericData.get(), v2, writers);
        BinaryMessageEncoder<GenericRecord> v2Writer = new BinaryMessageEncoder<>(GenericData.get(), v2);
        for (Event event : EventBinaryCoderTest.events()) {
            GenericRecord record = asV2.decode(avro.encode(event));
            record.put("region", "eu-west-1");
            ByteBuffer buffer = v2Writer.encode(record);
            byte[] v2Bytes = new byte[buffer.remaining()];
            buffer.get(v2Bytes);
            Event decoded = reader.decode(v2Bytes);
            assertThat(decoded).isEqualTo(event);
            assertThat(v2Transcoder.transcode(v2Bytes)).isEqualTo(json.encode(decoded));
        }
    }

    private static Schema parse(String resource) throws IOException {
        try (InputStream in = EventJsonTranscoderTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }
}
