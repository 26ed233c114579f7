package io.tributary.bench.codec;

import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.codec.AvroEventCodec;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.JsonEventCodec;
import io.tributary.schema.codec.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * ({@code shared/data/sample-events.jsonl}). Bytes per event: {@link CodecSizeReport}.
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
    private Event[] events;
    private byte[][] avroBytes;
    private byte[][] jsonBytes;
    private int next;

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

    @Benchmark
    public byte[] avroEncode() {
        return avro.encode(events[index()]);
    }

    @Benchmark
    public Event avroDecode() {
        return avro.decode(avroBytes[index()]);
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
