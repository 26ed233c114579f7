package io.tributary.bench.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.codec.AvroEventCodec;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.EventJsonTranscoder;
import io.tributary.schema.codec.JsonEventCodec;
import io.tributary.schema.codec.SampleEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode cost of one event in each wire format, per event type of the sample mix
 * ({@code shared/data/sample-events.jsonl}), beside two floors measured in the same run on the same bytes: a
 * Jackson token walk over the JSON line ({@link #jsonFloor}) and Avro's {@code BinaryDecoder} skipping the body
 * by its schema ({@link #avroFloor}). {@link #avroToJson} (Avro bytes to the canonical JSON line) is held against the
 * Avro floor. {@link CodecRatioReport} runs this and prints each codec's ratio to its
 * floor. Bytes per event: {@link CodecSizeReport}.
 *
 * <pre>java -jar bench/target/benchmarks.jar CodecBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    @Param({"CALL", "RETURN", "HTTP_REQUEST", "HTTP_RESPONSE"})
    public String type;

    private final AvroEventCodec avro = AvroEventCodec.create();
    private final JsonEventCodec json = JsonEventCodec.create();
    private final EventJsonTranscoder transcoder = new EventJsonTranscoder(avro);
    private Event[] events;
    private byte[][] avroBytes;
    private byte[][] jsonBytes;
    private int next;
    private BinaryDecoder skipDecoder;
    private static final JsonFactory JSON_FACTORY = JsonFactory.builder().build();
    /** Marker (2 bytes) and schema fingerprint (8 bytes) of the single-object encoding. */
    private static final int AVRO_HEADER_BYTES = 10;

    @Setup
    public void setUp() {
        List<Event> ofType = SampleEvents.lines().stream()
                .map(l -> json.decode(l.getBytes(StandardCharsets.UTF_8), DecodeContext.withDefaultService("bench")))
                .filter(e -> e.getType() == EventType.valueOf(type))
                .toList();
        events = ofType.toArray(new Event[0]);
        avroBytes = ofType.stream().map(avro::encode).toArray(byte[][]::new);
        jsonBytes = ofType.stream().map(json::encode).toArray(byte[][]::new);
    }

    private int index() {
        int i = next;
        next = i + 1 == events.length ? 0 : i + 1;
        return i;
    }

    /** The JSON floor: every token of the line, read and dropped, by the parser the codec uses. */
    @Benchmark
    public int jsonFloor() throws IOException {
        int tokens = 0;
        try (JsonParser p = JSON_FACTORY.createParser(jsonBytes[index()])) {
            while (p.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    /** The Avro floor: the single-object body skipped field by field as its schema says, nothing built. */
    @Benchmark
    public BinaryDecoder avroFloor() throws IOException {
        byte[] bytes = avroBytes[index()];
        skipDecoder = DecoderFactory.get().binaryDecoder(bytes, AVRO_HEADER_BYTES, bytes.length - AVRO_HEADER_BYTES,
                skipDecoder);
        GenericDatumReader.skip(Event.getClassSchema(), skipDecoder);
        return skipDecoder;
    }

    @Benchmark
    public byte[] avroEncode() {
        return avro.encode(events[index()]);
    }

    @Benchmark
    public Event avroDecode() {
        return avro.decode(avroBytes[index()]);
    }

    /** Avro single-object bytes to the export's canonical JSON line, without building an {@link Event}. */
    @Benchmark
    public byte[] avroToJson() {
        return transcoder.transcode(avroBytes[index()]);
    }

    @Benchmark
    public byte[] jsonEncode() {
        return json.encode(events[index()]);
    }

    @Benchmark
    public Event jsonDecode() {
        return json.decode(jsonBytes[index()], DecodeContext.defaults());
    }
}
