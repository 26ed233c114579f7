package io.tributary.bench.export;

import com.github.luben.zstd.ZstdInputStream;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.codec.WireFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * File export of a topic of JSON lines (the seed format any client produces: the sample mix with unique ids, a new
 * session every 20 events and advancing times) by the Tributary export worker (zstd NDJSON, exactly-once) against
 * its peers in the same run, on one embedded broker: Kafka Connect's {@code FileStreamSink} in a standalone worker
 * (plain lines, no compression, no exactly-once; {@link ConnectFileSink}) and {@code kcat | zstd -3}
 * ({@link KcatPipeline}; skipped with the reason when kcat or zstd is missing). After one untimed warm-up of the
 * two in-JVM exporters, each round runs all three on the same topic, each from its start; it prints events/s,
 * start-up, process CPU and bytes written per exporter, and the ratios Tributary / Connect (target &gt;= 3) and
 * Tributary / kcat (target &gt;= 0.7); the last lines give the median ratios.
 *
 * <pre>
 * ./mvnw -pl bench -am package -DskipTests
 * java -Xmx4g -cp bench/target/benchmarks.jar io.tributary.bench.export.JsonTopicExportBenchmark [events] [partitions]
 * </pre>
 *
 * System properties: {@code bench.rounds} (default 3), {@code bench.warmup} (events, default 200,000),
 * {@code bench.threads} ({@code export.threads}; unset, the worker's default: the cores).
 */
public final class JsonTopicExportBenchmark {
    private static final String TOPIC = "bench.events.json";
    private static final String WARMUP_TOPIC = "bench.events.json-warmup";

    private JsonTopicExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = Integer.getInteger("bench.rounds", 3);
        int warmup = Math.min(events, Integer.getInteger("bench.warmup", 200_000));
        Optional<String> noKcat = KcatPipeline.unavailable();
        Path dir = Files.createTempDirectory("tributary-json-export-bench");
        try (EmbeddedKafkaCluster kafka = FileExportBenchmark.broker(partitions, WARMUP_TOPIC, TOPIC)) {
            String bootstrap = kafka.bootstrapServers();
            long warmupBytes = FileExportBenchmark.preload(bootstrap, WARMUP_TOPIC, warmup, partitions,
                    WireFormat.JSON);
            long lineBytes = FileExportBenchmark.preload(bootstrap, TOPIC, events, partitions, WireFormat.JSON);
            System.out.printf(Locale.ROOT, "events %,d JSON lines (%,d bytes) in %d partitions, %d cores%n", events,
                    lineBytes, partitions, Runtime.getRuntime().availableProcessors());
            noKcat.ifPresent(reason -> System.out.println("kcat peer skipped: " + reason));

            FileExportBenchmark.worker(bootstrap, dir.resolve("tributary-warmup"), WARMUP_TOPIC, warmup, partitions);
            ConnectFileSink.run(bootstrap, WARMUP_TOPIC, warmup, partitions, warmupBytes, dir.resolve("connect"),
                    "bench-file-sink-warmup");
            List<double[]> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                ratios.add(round(bootstrap, dir, round, events, partitions, lineBytes, noKcat.isEmpty()));
                deleteOutputs(dir);
            }
            printMedians(ratios, noKcat.isEmpty());
        } finally {
            FileExportBenchmark.deleteTree(dir);
        }
    }

    /** One round of the three exporters, each checked for all events; returns {Tributary/Connect, Tributary/kcat}. */
    private static double[] round(String bootstrap, Path dir, int round, int events, int partitions, long lineBytes,
                                  boolean withKcat) throws Exception {
        Path tributaryDir = dir.resolve("tributary-" + round);
        ExportRun tributary = FileExportBenchmark.worker(bootstrap, tributaryDir, TOPIC, events, partitions);
        VerifyReport report = ExportVerifier.verify(tributaryDir);
        requireAll("Tributary (verify " + (report.ok() ? "OK" : report.problems()) + ")", report.events(), events);
        Path connectDir = dir.resolve("connect");
        ExportRun connect = ConnectFileSink.run(bootstrap, TOPIC, events, partitions, lineBytes, connectDir,
                "bench-file-sink-" + round);
        requireAll("Connect", lines(Files.newInputStream(connectDir.resolve("bench-file-sink-" + round + ".jsonl"))),
                events);
        System.out.printf(Locale.ROOT, "round %d%n  %s%n  %s%n", round, tributary.line(), connect.line());
        double[] ratios = {tributary.rate() / connect.rate(), Double.NaN};
        if (withKcat) {
            Path file = dir.resolve("kcat").resolve("round-" + round + ".jsonl.zst");
            ExportRun kcat = KcatPipeline.run(bootstrap, TOPIC, events, file);
            requireAll("kcat", lines(new ZstdInputStream(Files.newInputStream(file))), events);
            System.out.printf(Locale.ROOT, "  %s%n", kcat.line());
            ratios[1] = tributary.rate() / kcat.rate();
        }
        System.out.printf(Locale.ROOT, "  ratio Tributary / Connect %.2f (target >= 3.0), Tributary / kcat %.2f "
                + "(target >= 0.7)%n", ratios[0], ratios[1]);
        return ratios;
    }

    private static void printMedians(List<double[]> ratios, boolean withKcat) {
        System.out.printf(Locale.ROOT, "median over %d rounds: Tributary / Connect %.2f", ratios.size(),
                median(ratios, 0));
        System.out.printf(Locale.ROOT, withKcat ? ", Tributary / kcat %.2f%n" : "%n", median(ratios, 1));
    }

    private static double median(List<double[]> ratios, int column) {
        double[] values = ratios.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

    private static void requireAll(String exporter, long exported, long events) {
        if (exported != events) {
            throw new IllegalStateException(exporter + " wrote " + exported + " of " + events + " events");
        }
    }

    /** Counts the lines of a stream and closes it. */
    private static long lines(InputStream stream) throws IOException {
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = new BufferedInputStream(stream)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    /** Each round writes the whole topic again; the last round's files are deleted before the next one. */
    private static void deleteOutputs(Path dir) throws IOException {
        try (var children = Files.list(dir)) {
            for (Path child : children.toList()) {
                FileExportBenchmark.deleteTree(child);
            }
        }
    }
}
