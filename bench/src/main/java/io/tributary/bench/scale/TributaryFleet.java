package io.tributary.bench.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Tributary JVMs of a run, configured as {@code deploy/kubernetes/base} configures its pods: the
 * {@code tributary-kafka} ConfigMap for all (bootstrap servers, prefix, partitions, replication factor), the
 * processor StatefulSet (2 stream threads, state directory, {@code TRIBUTARY_GROUP_INSTANCE_ID} = pod name), the
 * file exporter Deployment (ndjson, zstd, 2 threads, one shared directory) and the HTTP exporter (gzip, token
 * file). Settings the run adds to make windows and sessions close within it, and flushes and dead members turn
 * over faster, are listed in {@link #processorTuning} and {@link #exporterTuning}.
 */
final class TributaryFleet implements AutoCloseable {
    static final String TOPIC_PREFIX = "tributary.";
    static final String TOKEN = "scale-out-token";
    private static final int PROCESSORS = 2;
    private static final int FILE_WORKERS = 2;

    private final List<ChildJvm> processors = new ArrayList<>();
    private final List<ChildJvm> fileWorkers = new ArrayList<>();
    private final ChildJvm httpExporter;
    private final Path exportDir;

    private TributaryFleet(ScaleOutSettings settings, String bootstrap, URI receiver) throws IOException {
        Path work = settings.workDir();
        Path logs = Files.createDirectories(work.resolve("logs"));
        exportDir = Files.createDirectories(work.resolve("exports"));
        Map<String, String> kafkaEnv = kafkaEnv(settings, bootstrap);
        for (int i = 1; i <= PROCESSORS; i++) {
            String name = "processor-" + i;
            Map<String, String> env = new LinkedHashMap<>(kafkaEnv);
            env.put("TRIBUTARY_NUM_STREAM_THREADS", "2");
            env.put("TRIBUTARY_METRICS_WINDOWS", "10s");
            env.put("TRIBUTARY_STATE_DIR", Files.createDirectories(work.resolve(name).resolve("state")).toString());
            env.put("TRIBUTARY_GROUP_INSTANCE_ID", name);
            List<String> args = new ArrayList<>(List.of("process", "--metrics-port", Integer.toString(freePort())));
            processorTuning().forEach((k, v) -> args.addAll(List.of("--config", k + "=" + v)));
            processors.add(new ChildJvm(name, settings.cliJar(), "512m", args, env, logs.resolve(name + ".log"),
                    Integer.parseInt(args.get(2))));
        }
        for (int i = 1; i <= FILE_WORKERS; i++) {
            String name = "export-files-" + i;
            Map<String, String> env = new LinkedHashMap<>(kafkaEnv);
            env.put("TRIBUTARY_EXPORT_FORMAT", "ndjson");
            env.put("TRIBUTARY_EXPORT_COMPRESSION", "zstd");
            env.put("TRIBUTARY_EXPORT_THREADS", "2");
            int port = freePort();
            List<String> args = new ArrayList<>(List.of("export", "files", "--out", exportDir.toString(),
                    "--metrics-port", Integer.toString(port)));
            exporterTuning().forEach((k, v) -> args.addAll(List.of("--config", k + "=" + v)));
            args.addAll(List.of("--config", "export.rotate.age.ms=2000"));
            fileWorkers.add(new ChildJvm(name, settings.cliJar(), "384m", args, env, logs.resolve(name + ".log"),
                    port));
        }
        Path token = Files.writeString(work.resolve("http-token"), TOKEN);
        Map<String, String> env = new LinkedHashMap<>(kafkaEnv);
        env.put("TRIBUTARY_HTTP_ENDPOINT", receiver.toString());
        env.put("TRIBUTARY_HTTP_COMPRESSION", "gzip");
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("export", "http", "--endpoint", receiver.toString(),
                "--allow-insecure", "--token-file", token.toString(), "--metrics-port", Integer.toString(port)));
        exporterTuning().forEach((k, v) -> args.addAll(List.of("--config", k + "=" + v)));
        httpExporter = new ChildJvm("export-http", settings.cliJar(), "384m", args, env,
                logs.resolve("export-http.log"), port);
    }

    /**
     * Runs the topics Job ({@code topics create} with the ConfigMap's partitions and replication factor), then
     * starts every JVM.
     */
    static TributaryFleet start(ScaleOutSettings settings, String bootstrap, URI receiver) throws Exception {
        ChildJvm topicsJob = new ChildJvm("topics", settings.cliJar(), "256m", List.of("topics", "create",
                "--partitions", Integer.toString(settings.partitions()), "--replication-factor", "3"),
                kafkaEnv(settings, bootstrap), Files.createDirectories(settings.workDir().resolve("logs"))
                .resolve("topics.log"), 0);
        topicsJob.start();
        int exit = topicsJob.awaitExit(Duration.ofMinutes(2));
        if (exit != 0) {
            topicsJob.close();
            throw new IllegalStateException("topics create exited with " + exit + "; see " + topicsJob.log());
        }
        TributaryFleet fleet = new TributaryFleet(settings, bootstrap, receiver);
        // if this JVM is stopped before close() runs, the children must not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> fleet.all().forEach(ChildJvm::destroy)));
        for (ChildJvm jvm : fleet.all()) {
            jvm.start();
        }
        return fleet;
    }

    /** The {@code tributary-kafka} ConfigMap, pointed at the embedded cluster with replication factor 3. */
    private static Map<String, String> kafkaEnv(ScaleOutSettings settings, String bootstrap) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TRIBUTARY_BOOTSTRAP_SERVERS", bootstrap);
        env.put("TRIBUTARY_TOPIC_PREFIX", TOPIC_PREFIX);
        env.put("TRIBUTARY_TOPIC_PARTITIONS", Integer.toString(settings.partitions()));
        env.put("TRIBUTARY_TOPIC_REPLICATION_FACTOR", "3");
        return env;
    }

    /**
     * Processor settings the run adds: 10 s windows (the manifests say 1m), a half-rate default sampling rule
     * (so sampling drops something and the always-kept events matter), and short grace, idle and session gaps so
     * that windows and sessions close soon after the load's end. The grace periods stay above the time a
     * produce can stall while a partition leader moves (a broker stop stalls a partition's producers for up to
     * ~25 s here): a caught-up partition that receives nothing lets its event time follow the wall clock, so an
     * event delayed past the grace is counted late instead of in its window, as Kafka Streams' semantics say.
     */
    static Map<String, String> processorTuning() {
        Map<String, String> tuning = new LinkedHashMap<>();
        tuning.put("sampling.default.rate", "0.5");
        tuning.put("metrics.grace.ms", "60000");
        tuning.put("window.idle.advance.ms", "3000");
        tuning.put("sessions.inactivity.gap.ms", "10000");
        tuning.put("sessions.grace.ms", "60000");
        return tuning;
    }

    /** Exporter settings the run adds: a killed worker leaves the group after 10 s instead of 45 s. */
    static Map<String, String> exporterTuning() {
        return Map.of("session.timeout.ms", "10000");
    }

    List<ChildJvm> processors() {
        return processors;
    }

    List<ChildJvm> fileWorkers() {
        return fileWorkers;
    }

    List<ChildJvm> all() {
        List<ChildJvm> all = new ArrayList<>(processors);
        all.addAll(fileWorkers);
        all.add(httpExporter);
        return all;
    }

    boolean allHealthy() {
        return all().stream().allMatch(ChildJvm::healthy);
    }

    Path exportDir() {
        return exportDir;
    }

    @Override
    public void close() {
        all().parallelStream().forEach(ChildJvm::close);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
