package io.tributary.bench.codec;

import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.codec.AvroEventCodec;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.JsonEventCodec;
import io.tributary.schema.codec.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Prints the mean encoded size per event type of the sample mix, in the original JSON line, the canonical
 * JSON line Tributary writes (which adds id, service, category, priority, sample_rate) and Avro single-object.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.tributary.bench.codec.CodecSizeReport</pre>
 */
public final class CodecSizeReport {
    private CodecSizeReport() {
    }

    public static void main(String[] args) {
        JsonEventCodec json = JsonEventCodec.create();
        AvroEventCodec avro = AvroEventCodec.create();
        Map<EventType, long[]> sums = new EnumMap<>(EventType.class);
        for (String line : SampleEvents.lines()) {
            byte[] original = line.getBytes(StandardCharsets.UTF_8);
            Event event = json.decode(original, DecodeContext.withDefaultService("checkout"));
            long[] s = sums.computeIfAbsent(event.getType(), t -> new long[4]);
            s[0]++;
            s[1] += original.length;
            s[2] += json.encode(event).length;
            s[3] += avro.encode(event).length;
        }
        System.out.printf("%-14s %6s %14s %15s %12s%n", "type", "events", "input JSON B", "canonical JSON B", "Avro SO B");
        long[] all = new long[4];
        sums.forEach((type, s) -> {
            System.out.printf("%-14s %6d %14.1f %15.1f %12.1f%n", type.name().toLowerCase(), s[0],
                    s[1] / (double) s[0], s[2] / (double) s[0], s[3] / (double) s[0]);
            for (int i = 0; i < 4; i++) {
                all[i] += s[i];
            }
        });
        System.out.printf("%-14s %6d %14.1f %15.1f %12.1f%n", "all", all[0], all[1] / (double) all[0],
                all[2] / (double) all[0], all[3] / (double) all[0]);
    }
}
