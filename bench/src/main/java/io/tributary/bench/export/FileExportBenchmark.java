package io.tributary.bench.export;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.file.FileExportConfig;
import io.tributary.export.file.FileExportWorker;
import io.tributary.export.file.ExportLayout;
import io.tributary.export.file.ManifestFile;
import io.tributary.export.file.ManifestJson;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.Event;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.EventCodecs;
import io.tributary.schema.codec.SampleEvents;
import io.tributary.schema.codec.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.tools.ConsumerPerformance;

/**
 * End-to-end throughput of the file export worker against Kafka's own {@code ConsumerPerformance}, on one
 * embedded broker and one topic pre-loaded with the realistic event mix ({@link SampleEvents}, Avro
 * single-object encoded as on {@code events.sampled}, with random event and session ids and advancing
 * timestamps, spread evenly over the partitions). Prints both rates (records/s, group join excluded for both),
 * their ratio, and the size of the zstd NDJSON files relative to the raw JSON lines. The worker rotates by event
 * count, one file per partition, and the clock stops when the manifests account for every event, i.e. when all
 * of it is durable.
 *
 * <pre>
 * ./mvnw -pl bench -am package -DskipTests
 * java -Xmx4g -cp bench/target/benchmarks.jar io.tributary.bench.export.FileExportBenchmark [events] [partitions]
 * </pre>
 *
 * System properties: {@code bench.threads} ({@code export.threads}; unset, the worker's default: the cores),
 * {@code bench.compression} (default zstd).
 */
public final class FileExportBenchmark {
    private static final String TOPIC = "bench.events.sampled";

    private FileExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int warmup = Math.min(events, Integer.getInteger("bench.warmup", 300_000));
        Path dir = Files.createTempDirectory("tributary-export-bench");
        // A first, untimed round on its own topic warms both peers up (JIT), as JMH's warm-up iterations would.
        try (EmbeddedKafkaCluster kafka = broker(partitions, "bench.warmup", TOPIC)) {
            String bootstrap = kafka.bootstrapServers();
            preload(bootstrap, "bench.warmup", warmup, partitions);
            long rawJsonBytes = preload(bootstrap, TOPIC, events, partitions);
            consumerPerformance(bootstrap, "bench.warmup", warmup);
            double perfRate = consumerPerformance(bootstrap, TOPIC, events);
            worker(bootstrap, dir.resolve("warmup"), "bench.warmup", warmup, partitions);
            ExportRun run = worker(bootstrap, dir.resolve("timed"), TOPIC, events, partitions);
            System.out.println(run.line());
            double workerRate = run.rate();
            long fileBytes = run.bytes();
            VerifyReport report = ExportVerifier.verify(dir.resolve("timed"));
            System.out.printf(Locale.ROOT, "events                       %,d in %d partitions (after %,d to warm up)%n",
                    events, partitions, warmup);
            System.out.printf(Locale.ROOT, "ConsumerPerformance          %,.0f records/s (fetch.nMsg.sec)%n", perfRate);
            System.out.printf(Locale.ROOT, "export worker, zstd NDJSON   %,.0f records/s%n", workerRate);
            System.out.printf(Locale.ROOT, "ratio worker / consumer      %.2f (target >= 0.6)%n", workerRate / perfRate);
            System.out.printf(Locale.ROOT, "raw JSON lines               %,d bytes%n", rawJsonBytes);
            System.out.printf(Locale.ROOT, "zstd NDJSON files            %,d bytes = %.1f%% of raw (target <= 15%%)%n",
                    fileBytes, 100.0 * fileBytes / rawJsonBytes);
            System.out.printf(Locale.ROOT, "verify                       %s, %,d records%n",
                    report.ok() ? "OK" : report.problems().size() + " problems", report.events());
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Starts one embedded broker with the dead-letter topic {@code bench.events.dlq} and {@code topics} of
     * {@code partitions} partitions each.
     */
    static EmbeddedKafkaCluster broker(int partitions, String... topics) throws Exception {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(1)
                // The broker default (3 s, 0 in the embedded cluster): the worker's consumer threads join in one
                // generation, so the timed run holds no rebalance, as a peer's single consumer sees none.
                .brokerProperty("group.initial.rebalance.delay.ms", "1000").build();
        try {
            kafka.start();
            kafka.createTopic("bench.events.dlq", 1, (short) 1);
            for (String topic : topics) {
                kafka.createTopic(topic, partitions, (short) 1);
            }
            return kafka;
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    /** Produces the events Avro-encoded; returns the size of the same events as JSON lines (the raw JSON bytes). */
    static long preload(String bootstrap, String topic, int count, int partitions) {
        return preload(bootstrap, topic, count, partitions, WireFormat.AVRO);
    }

    /**
     * Produces the events in {@code format} (Avro single-object, or the JSON lines any client produces); returns the
     * size of the same events as JSON lines (the raw JSON bytes).
     */
    static long preload(String bootstrap, String topic, int count, int partitions, WireFormat format) {
        EventCodecs codecs = EventCodecs.create();
        List<Event> mix = new ArrayList<>();
        for (String line : SampleEvents.lines()) {
            mix.add(codecs.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults()));
        }
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("linger.ms", 20);
        props.put("batch.size", 512 * 1024);
        // A loader, not what is measured: with 64 partitions an idempotent producer here once retried its first
        // batch for good (OutOfOrderSequenceException at offset 9999 of partition 0) and never finished flushing.
        props.put("enable.idempotence", false);
        props.put("acks", "1");
        long rawBytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // Random event ids, a new random session every 20 events and advancing timestamps, so the files do
            // not compress better than real traffic would just because the 131 sample events repeat.
            Random random = new Random(42);
            String session = null;
            long startNs = mix.get(0).getTsNs();
            for (int i = 0; i < count; i++) {
                Event base = mix.get(i % mix.size());
                if (i % 20 == 0) {
                    session = new UUID(random.nextLong(), random.nextLong()).toString();
                }
                Event e = Event.newBuilder(base).setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                        .setSessionId(base.getSessionId() == null ? null : session)
                        .setTsNs(startNs + i * 20_000L + random.nextInt(20_000)).build();
                byte[] json = codecs.json().encode(e);
                rawBytes += json.length + 1;
                byte[] key = e.getSessionId() == null ? null : e.getSessionId().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, i % partitions, key, format == WireFormat.JSON ? json : codecs.avro().encode(e)));
            }
            producer.flush();
        }
        return rawBytes;
    }

    private static double consumerPerformance(String bootstrap, String topic, int count) {
        String group = "bench-perf-" + topic;
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ConsumerPerformance.main(new String[] {"--bootstrap-server", bootstrap, "--topic", topic,
                "--num-records", Integer.toString(count), "--group", group, "--timeout", "120000"});
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8).trim();
        System.out.println("ConsumerPerformance: " + output.replace('\n', ' '));
        String[] lines = output.split("\\R");
        String[] fields = lines[lines.length - 1].split(",\\s*");
        return Double.parseDouble(fields[fields.length - 1]);
    }

    /**
     * Runs the export worker (zstd NDJSON unless {@code bench.compression}, exactly-once) on {@code topic} into
     * {@code dir} until the manifests account for {@code count} events. The group is named after the topic and the
     * directory, so each run into a new directory reads the topic from its start.
     */
    static ExportRun worker(String bootstrap, Path dir, String topic, int count, int partitions)
            throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put(FileExportConfig.BOOTSTRAP_SERVERS, bootstrap);
        settings.put(FileExportConfig.TOPIC_PREFIX, "bench.");
        settings.put(FileExportConfig.TOPICS, topic);
        settings.put(FileExportConfig.GROUP_ID, "bench-export-" + topic + "-" + dir.getFileName());
        settings.put(FileExportConfig.EXPORT_DIR, dir.toString());
        settings.put(FileExportConfig.FORMAT, "ndjson");
        String threads = System.getProperty("bench.threads");
        if (threads != null) {
            settings.put(FileExportConfig.THREADS, threads);
        }
        settings.put(FileExportConfig.COMPRESSION, System.getProperty("bench.compression", "zstd"));
        // Each partition holds count / partitions events and rotates exactly at its last one, so the figure is the
        // rate of writing and publishing, not the age-rotation wait after the last record.
        settings.put(FileExportConfig.ROTATE_EVENTS, Integer.toString((count + partitions - 1) / partitions));
        settings.put(FileExportConfig.ROTATE_AGE_MS, System.getProperty("bench.rotate.age.ms", "600000"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        long begin = System.nanoTime();
        try (FileExportWorker worker = FileExportWorker.create(new FileExportConfig(settings), registry)) {
            worker.start();
            waitUntil(() -> registry.get("tributary.export.partitions.assigned").gauge().value() >= partitions);
            long start = System.nanoTime();
            long cpuBefore = processCpuNanos();
            Path manifests = dir.resolve(topic).resolve(ExportLayout.MANIFEST_DIR);
            waitUntil(() -> exportedEvents(manifests) >= count);
            long end = System.nanoTime();
            return new ExportRun("Tributary, zstd NDJSON, exactly-once", count, (end - start) / 1e9,
                    (start - begin) / 1e9, (processCpuNanos() - cpuBefore) / 1e9,
                    exportedBytes(dir.resolve(topic)));
        }
    }

    /** CPU time of the whole process (broker, client threads, GC, JIT), to see whether a run was CPU-bound. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Events the manifests under {@code manifests} account for (0 before the first). */
    static long exportedEvents(Path manifests) throws IOException {
        if (!Files.isDirectory(manifests)) {
            return 0;
        }
        long total = 0;
        try (Stream<Path> files = Files.list(manifests)) {
            for (Path m : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                total += ManifestJson.read(Files.readAllBytes(m)).eventCount();
            }
        }
        return total;
    }

    private static long exportedBytes(Path topicDir) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(topicDir.resolve(ExportLayout.MANIFEST_DIR))) {
            for (Path m : files.toList()) {
                total += ManifestJson.read(Files.readAllBytes(m)).files().stream().mapToLong(ManifestFile::bytes).sum();
            }
        }
        return total;
    }

    interface Condition {
        boolean met() throws Exception;
    }

    static void waitUntil(Condition condition) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (!condition.met()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark did not finish within 10 minutes");
            }
            Thread.sleep(20);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
