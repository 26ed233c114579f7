package io.tributary.bench.codec;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link CodecBenchmark} and prints, per event type, each codec's time beside its floor measured in the
 * same run (JSON codecs against the Jackson token walk, Avro codecs against the schema-driven skip) and the
 * ratio. The target of issue 15 is a ratio of at most 2.5 for every codec. {@code avroToJson}, the Avro to JSON
 * line transcoder of the export, is held against the Avro floor.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.tributary.bench.codec.CodecRatioReport</pre>
 *
 * <p>Arguments are JMH command-line options and override the benchmark's annotations, for a shorter run:
 * {@code CodecRatioReport -f 1 -wi 2 -i 3 -w 1s -r 1s}.
 */
public final class CodecRatioReport {
    private static final double TARGET = 2.5;

    private CodecRatioReport() {
    }

    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(CodecBenchmark.class.getSimpleName()).build();
        print(new Runner(options).run());
    }

    /** Prints the ratio table of {@code results}. */
    static void print(Collection<RunResult> results) {
        Map<String, Map<String, Double>> byType = new TreeMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            byType.computeIfAbsent(r.getParams().getParam("type"), t -> new TreeMap<>())
                    .put(method, r.getPrimaryResult().getScore());
        }
        System.out.printf("%n%-14s %-11s %10s %10s %7s%n", "type", "codec", "ns/event", "floor ns", "ratio");
        byType.forEach((type, scores) -> {
            for (String codec : new String[] {"jsonDecode", "jsonEncode", "avroDecode", "avroEncode", "avroToJson"}) {
                if (!scores.containsKey(codec)) {
                    continue; // a run restricted to some benchmarks, or a build without this one
                }
                double floor = scores.get(codec.startsWith("json") ? "jsonFloor" : "avroFloor");
                double ratio = scores.get(codec) / floor;
                System.out.printf("%-14s %-11s %10.0f %10.0f %6.1fx%s%n", type, codec, scores.get(codec), floor, ratio,
                        ratio <= TARGET ? "" : "  (target <= " + TARGET + "x)");
            }
        });
    }
}
