package io.tributary.bench.export;

import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.file.ExportLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file export worker's memory with many partitions: the worker runs as {@code tributary export files} in its own
 * JVM with a fixed heap (default 256 MB, G1 as a container gets it), on one topic of {@code partitions} partitions
 * (default 64) pre-loaded with Avro events, with every partition's file open at once until it rotates at its last
 * event (the most the worker ever holds). Prints the heap in use before and after each collection (from the GC log),
 * the live heap (asking for a class histogram, i.e. a full collection, every 2 s; so the run is slower than the worker
 * would be), the process's peak resident memory, and its native memory by category (Native Memory Tracking).
 *
 * <pre>
 * ./mvnw -pl bench,cli -am package -DskipTests
 * java -cp bench/target/benchmarks.jar io.tributary.bench.export.ExportHeapBenchmark [events] [partitions] [heap]
 * </pre>
 */
public final class ExportHeapBenchmark {
    private static final String TOPIC = "bench.events.sampled";
    /** {@code GC(12) Pause Young (Normal) (G1 Evacuation Pause) 120M->35M(256M) 4.2ms}. */
    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) (Pause .*?) (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private ExportHeapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 640_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        String heap = args.length > 2 ? args[2] : "256m";
        Path cliJar = Path.of(System.getProperty("bench.cli.jar", "cli/target/tributary.jar"));
        if (!Files.isRegularFile(cliJar)) {
            throw new IllegalStateException(cliJar + " not found: build it with ./mvnw -pl cli -am package -DskipTests");
        }
        Path dir = Files.createTempDirectory("tributary-heap-bench");
        try (EmbeddedKafkaCluster kafka = FileExportBenchmark.broker(partitions, TOPIC)) {
            FileExportBenchmark.preload(kafka.bootstrapServers(), TOPIC, events, partitions);
            Path gcLog = dir.resolve("gc.log");
            Path out = dir.resolve("export");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                    "-XX:+ExitOnOutOfMemoryError", "-XX:NativeMemoryTracking=summary", "-Xlog:gc:file=" + gcLog,
                    "-jar", cliJar.toString(), "export", "files", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--out", out.toString(), "--metrics-port", Integer.toString(freePort()),
                    "--topic-prefix", "bench.", "--config", "export.topics=" + TOPIC,
                    "--config", "group.id=bench-heap",
                    "--config", "export.rotate.events=" + (events + partitions - 1) / partitions,
                    "--config", "export.rotate.age.ms=600000"));
            Process worker = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("worker.log").toFile()).start();
            long start = System.nanoTime();
            try {
                Path manifests = out.resolve(TOPIC).resolve(ExportLayout.MANIFEST_DIR);
                long peakRssKb = 0;
                long histogramBytes = 0;
                String histogram = "";
                long nextHistogram = System.nanoTime();
                while (FileExportBenchmark.exportedEvents(manifests) < events) {
                    if (!worker.isAlive()) {
                        throw new IllegalStateException("the worker exited with " + worker.exitValue() + ":\n"
                                + Files.readString(dir.resolve("worker.log")));
                    }
                    if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
                        throw new IllegalStateException("the worker did not export every event within 10 minutes");
                    }
                    peakRssKb = Math.max(peakRssKb, statusKb(worker.pid(), "VmHWM"));
                    if (System.nanoTime() >= nextHistogram) {
                        // Live objects only (the command collects first); the largest seen is kept.
                        String h = jcmd(worker.pid(), "GC.class_histogram");
                        Matcher total = Pattern.compile("Total\\s+\\d+\\s+(\\d+)").matcher(h);
                        if (total.find() && Long.parseLong(total.group(1)) > histogramBytes) {
                            histogramBytes = Long.parseLong(total.group(1));
                            histogram = h;
                        }
                        nextHistogram = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    }
                    Thread.sleep(100);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                peakRssKb = Math.max(peakRssKb, statusKb(worker.pid(), "VmHWM"));
                String nmt = jcmd(worker.pid(), "VM.native_memory", "summary");
                report(events, partitions, heap, seconds, gcLog, peakRssKb, nmt);
                System.out.printf(Locale.ROOT, "live heap               peak %d MB (a full collection every 2 s; the "
                        + "largest histogram's top classes below)%n", histogramBytes / (1024 * 1024));
                histogram.lines().skip(1).limit(10).forEach(System.out::println);
            } finally {
                worker.destroy();
                worker.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            FileExportBenchmark.deleteTree(dir);
        }
    }

    private static void report(int events, int partitions, String heap, double seconds, Path gcLog, long peakRssKb,
            String nmt) throws IOException {
        int collections = 0;
        long maxBefore = 0;
        long maxAfter = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                collections++;
                maxBefore = Math.max(maxBefore, Long.parseLong(m.group(2)));
                maxAfter = Math.max(maxAfter, Long.parseLong(m.group(3)));
            }
        }
        System.out.printf(Locale.ROOT, "events                  %,d in %d partitions, every partition's file open until "
                + "its last event%n", events, partitions);
        System.out.printf(Locale.ROOT, "worker                  -Xmx%s, G1; exported all in %.1f s (JVM start and "
                + "group join included)%n", heap, seconds);
        System.out.printf(Locale.ROOT, "heap in use             peak %d MB before a collection, peak %d MB after one "
                + "(%d collections)%n", maxBefore, maxAfter, collections);
        System.out.printf(Locale.ROOT, "resident memory         peak %,d MB (VmHWM)%n", peakRssKb / 1024);
        for (String line : nmt.split("\n")) {
            String t = line.trim();
            if (t.startsWith("Total:") || t.matches("-\\s+(Java Heap|Class|Thread|Code|GC|Internal|Other|Arena Chunk)"
                    + "\\s.*")) {
                System.out.println("native memory (NMT)     " + t.replaceAll("\\s+", " "));
            }
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A {@code kB} line of {@code /proc/<pid>/status}, or 0 when it cannot be read. */
    private static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static String jcmd(long pid, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return text;
    }
}
