package io.tributary.bench.export;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.file.ExportLayout;
import io.tributary.export.file.FileExportConfig;
import io.tributary.export.file.FileExportWorker;
import io.tributary.export.file.ManifestJson;
import io.tributary.export.storage.LocalStorage;
import io.tributary.export.storage.Storage;
import io.tributary.export.storage.s3.S3Location;
import io.tributary.export.storage.s3.S3Settings;
import io.tributary.export.storage.s3.S3Storage;
import io.tributary.export.verify.ExportVerifier;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * The file export worker writing to an S3 API server in this JVM (S3Proxy over a filesystem blob store, on
 * loopback) against writing to local files: same events, same topic, same run. Prints records/s and the peak heap
 * of each (the whole JVM's heap pools, broker and S3 server included, peaks reset before each run), their ratio,
 * and the process CPU time, which shows what bounds the S3 figure on a small machine: the same cores run the
 * worker, the broker and the S3 server, and every object costs three HTTP requests (create, part, complete)
 * plus the claim and manifest PUTs, with SigV4 payload hashing on both ends.
 *
 * <pre>
 * ./mvnw -pl bench -am package -DskipTests
 * java -Xmx1g -cp bench/target/benchmarks.jar io.tributary.bench.export.S3ExportBenchmark [events] [partitions]
 * </pre>
 *
 * System property {@code bench.threads} ({@code export.threads}, default the number of cores). Each partition is
 * written in five flushes.
 */
public final class S3ExportBenchmark {
    private static final String TOPIC = "bench.events.sampled";
    private static final String KEY = "bench-access";
    private static final String SECRET = "bench-secret-key";

    private S3ExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int warmup = Math.min(events, Integer.getInteger("bench.warmup", 100_000));
        Path dir = Files.createTempDirectory("tributary-s3-bench");
        System.setProperty("aws.accessKeyId", KEY);
        System.setProperty("aws.secretAccessKey", SECRET);
        Files.createDirectories(dir.resolve("blobs"));
        S3Proxy s3 = S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(dir.resolve("blobs").toString()))
                .endpoint(URI.create("http://127.0.0.1:0")).awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY,
                        SECRET).build();
        s3.start();
        FileExportBenchmark.waitUntil(() -> "STARTED".equals(s3.getState()));
        URI endpoint = URI.create("http://127.0.0.1:" + s3.getPort());
        try (EmbeddedKafkaCluster kafka = FileExportBenchmark.broker(partitions, "bench.warmup", TOPIC);
             S3Storage bucket = S3Storage.create(S3Settings.defaults(new S3Location("bench", ""))
                     .withEndpoint(endpoint, true).withRegion("us-east-1"))) {
            bucket.client().createBucket(b -> b.bucket("bench"));
            String bootstrap = kafka.bootstrapServers();
            FileExportBenchmark.preload(bootstrap, "bench.warmup", warmup, partitions);
            FileExportBenchmark.preload(bootstrap, TOPIC, events, partitions);

            Map<String, Object> local = Map.of(FileExportConfig.EXPORT_DIR, dir.resolve("local").toString());
            Map<String, Object> remote = Map.of(FileExportConfig.EXPORT_DIR, "s3://bench/exports",
                    FileExportConfig.S3_ENDPOINT, endpoint.toString(), FileExportConfig.S3_PATH_STYLE, "true",
                    FileExportConfig.S3_REGION, "us-east-1");
            S3Storage exports = S3Storage.create(S3Settings.defaults(new S3Location("bench", "exports"))
                    .withEndpoint(endpoint, true).withRegion("us-east-1"));
            Storage localStorage = LocalStorage.create(dir.resolve("local"));
            run(bootstrap, "bench.warmup", warmup, partitions, local, "warmup-local", localStorage);
            run(bootstrap, "bench.warmup", warmup, partitions, remote, "warmup-s3", exports);
            // Two rounds in opposite orders, each into its own prefix, so neither target always runs warmer.
            Result files1 = run(bootstrap, TOPIC, events, partitions, local, "local-1", localStorage);
            Result objects1 = run(bootstrap, TOPIC, events, partitions, remote, "s3-1", exports);
            deleteExports(dir, exports);
            Result objects2 = run(bootstrap, TOPIC, events, partitions, remote, "s3-2", exports);
            Result files2 = run(bootstrap, TOPIC, events, partitions, local, "local-2", localStorage);
            boolean ok = ExportVerifier.verify(exports).ok() && ExportVerifier.verify(dir.resolve("local")).ok();
            exports.close();

            System.out.printf(Locale.ROOT, "events                  %,d in %d partitions (after %,d to warm up)%n",
                    events, partitions, warmup);
            for (Result[] round : new Result[][] {{files1, objects1}, {files2, objects2}}) {
                round[0].print("local files, zstd NDJSON");
                round[1].print("S3 (in-JVM S3Proxy)");
                System.out.printf(Locale.ROOT, "ratio S3 / local        %.2f of the records/s%n",
                        round[1].rate / round[0].rate);
            }
            System.out.printf(Locale.ROOT, "S3 part pool            %d x %d MiB = %d MiB at most%n",
                    S3Settings.DEFAULT_PART_POOL, S3Settings.DEFAULT_PART_BYTES >> 20,
                    S3Settings.DEFAULT_PART_POOL * (S3Settings.DEFAULT_PART_BYTES >> 20));
            System.out.printf(Locale.ROOT, "verify                  %s%n", ok ? "OK on both" : "PROBLEMS");
        } finally {
            s3.stop();
            FileExportBenchmark.deleteTree(dir);
        }
    }

    /** Empties both targets between rounds (a second round into the same place would find it exported). */
    private static void deleteExports(Path dir, S3Storage exports) throws Exception {
        FileExportBenchmark.deleteTree(dir.resolve("local"));
        for (String name : exports.list("")) {
            exports.deleteIfExists(name);
        }
    }

    private record Result(double rate, long peakHeap, double cpuSeconds, double seconds) {
        void print(String what) {
            System.out.printf(Locale.ROOT, "%-23s %,.0f records/s, peak heap %,d MiB, process CPU %.1f s in %.1f s%n",
                    what, rate, peakHeap >> 20, cpuSeconds, seconds);
        }
    }

    private static Result run(String bootstrap, String topic, int count, int partitions, Map<String, Object> target,
            String name, Storage storage) throws Exception {
        Map<String, Object> settings = new HashMap<>(target);
        settings.put(FileExportConfig.BOOTSTRAP_SERVERS, bootstrap);
        settings.put(FileExportConfig.TOPIC_PREFIX, "bench.");
        settings.put(FileExportConfig.TOPICS, topic);
        settings.put(FileExportConfig.GROUP_ID, "bench-" + name + "-" + topic);
        settings.put(FileExportConfig.THREADS, System.getProperty("bench.threads",
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        // Five flushes per partition, the last ending at the partition's last record, so that the clock measures
        // writing and publishing, not an age rotation after the last record.
        int perPartition = (count + partitions - 1) / partitions;
        settings.put(FileExportConfig.ROTATE_EVENTS, Integer.toString(perPartition % 5 == 0 ? perPartition / 5
                : perPartition));
        settings.put(FileExportConfig.ROTATE_AGE_MS, "600000");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FileExportWorker worker = FileExportWorker.create(new FileExportConfig(settings), registry)) {
            worker.start();
            FileExportBenchmark.waitUntil(() ->
                    registry.get("tributary.export.partitions.assigned").gauge().value() >= partitions);
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            long cpuBefore = FileExportBenchmark.processCpuNanos();
            String manifests = ExportLayout.sanitize(topic) + "/" + ExportLayout.MANIFEST_DIR + "/";
            FileExportBenchmark.waitUntil(() -> exported(storage, manifests) >= count);
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            return new Result(count / seconds, peak, (FileExportBenchmark.processCpuNanos() - cpuBefore) / 1e9,
                    seconds);
        }
    }

    /** Events in the published manifests (claims are in a subdirectory and not counted). */
    private static long exported(Storage storage, String manifestDir) throws Exception {
        long total = 0;
        for (String name : storage.list(manifestDir)) {
            if (name.indexOf('/', manifestDir.length()) < 0 && name.endsWith(".json")
                    && !name.substring(manifestDir.length()).startsWith(".")) {
                total += ManifestJson.read(storage.readAll(name)).eventCount();
            }
        }
        return total;
    }
}
