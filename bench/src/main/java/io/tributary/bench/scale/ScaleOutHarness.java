package io.tributary.bench.scale;

import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.kafka.Topics;
import io.tributary.sdk.ClientStats;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.TopicDescription;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The scale-out proof. Starts an embedded 3-broker KRaft cluster ({@code min.insync.replicas=2}, every Tributary
 * topic replicated 3 times), runs the topics Job, 2 processors, 2 file workers sharing one directory and an HTTP
 * exporter posting to a loopback receiver, all as separate JVMs from the CLI jar with the manifests' settings;
 * sends SDK load with invalid raw lines mixed in; stops a partition leader (the controller in one of the stops),
 * kills a processor and a file worker with SIGKILL and restarts them, restarts the broker; then checks metrics,
 * sampling, DLQ, files, HTTP deliveries and sessions against what was sent.
 *
 * <pre>
 * ./mvnw -B -DskipTests -pl bench -am package
 * java -cp bench/target/benchmarks.jar io.tributary.bench.scale.ScaleOutHarness 1000000 [cli/target/tributary.jar] [work dir]
 * </pre>
 *
 * Exits 0 when every check passed, 1 otherwise; child JVM logs are under {@code <work dir>/logs}.
 */
public final class ScaleOutHarness {
    /** The processor's consumer group: its application id. */
    private static final String PROCESSOR_GROUP = "tributary-stream-processor";

    private ScaleOutHarness() {
    }

    /** Arguments: events (default 1,000,000), the CLI jar, a work directory (default a new temporary one). */
    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0].replace("_", "").replace(",", "")) : 1_000_000;
        Path jar = Path.of(args.length > 1 ? args[1] : "cli/target/tributary.jar");
        Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("tributary-scale-");
        ScaleOutReport report = run(ScaleOutSettings.large(events, work, jar), System.out);
        System.out.println(report.render());
        System.exit(report.passed() ? 0 : 1);
    }

    /**
     * Runs the whole scenario and returns its figures and checks; every child JVM and broker is stopped on
     * return, also on failure.
     *
     * @throws IllegalStateException if the CLI jar is missing or the platform does not come up
     */
    public static ScaleOutReport run(ScaleOutSettings settings, PrintStream out) throws Exception {
        if (!Files.isRegularFile(settings.cliJar())) {
            throw new IllegalStateException("No CLI jar at " + settings.cliJar().toAbsolutePath()
                    + "; build it with ./mvnw -B -DskipTests -pl cli -am package");
        }
        long start = System.nanoTime();
        Files.createDirectories(settings.workDir());
        out.println("[scale] work directory " + settings.workDir().toAbsolutePath());
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(3)
                .dataDir(settings.workDir().resolve("kafka"))
                .brokerProperty("min.insync.replicas", "2").build();
             LoopbackReceiver receiver = new LoopbackReceiver()) {
            kafka.start();
            String bootstrap = kafka.bootstrapServers();
            try (ClusterProbe probe = new ClusterProbe(bootstrap);
                 TributaryFleet fleet = TributaryFleet.start(settings, bootstrap, receiver.uri())) {
                await("every Tributary JVM healthy").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(fleet::allHealthy);
                out.printf("[scale] platform up after %.1f s%n", (System.nanoTime() - start) / 1e9);
                return new Run(settings, kafka, probe, fleet, receiver, out, start).execute();
            }
        }
    }

    /** One execution, once the cluster and the JVMs are up. */
    private static final class Run {
        private final ScaleOutSettings settings;
        private final EmbeddedKafkaCluster kafka;
        private final ClusterProbe probe;
        private final TributaryFleet fleet;
        private final LoopbackReceiver receiver;
        private final PrintStream out;
        private final long start;
        private final Topics topics = Topics.withPrefix(TributaryFleet.TOPIC_PREFIX);
        private final SentLedger ledger = new SentLedger();

        Run(ScaleOutSettings settings, EmbeddedKafkaCluster kafka, ClusterProbe probe, TributaryFleet fleet,
            LoopbackReceiver receiver, PrintStream out, long start) {
            this.settings = settings;
            this.kafka = kafka;
            this.probe = probe;
            this.fleet = fleet;
            this.receiver = receiver;
            this.out = out;
            this.start = start;
        }

        ScaleOutReport execute() throws Exception {
            ExportedRows rows = new ExportedRows(fleet.exportDir(), topics.sampled());
            ScheduledExecutorService progress = Executors.newScheduledThreadPool(2, r -> {
                Thread t = new Thread(r, "scale-progress");
                t.setDaemon(true);
                return t;
            });
            try (TopicOutputs outputs = new TopicOutputs(kafka.bootstrapServers(), topics);
                 LoadGenerator load = new LoadGenerator(settings, kafka.bootstrapServers(), ledger)) {
                progress.scheduleAtFixedRate(() -> out.printf(
                        "[scale] %5.0f s: sent %,d | sampled %,d | metric count %,d | sessions %,d | dlq %,d | "
                                + "file rows %,d | http requests %,d%n", (System.nanoTime() - start) / 1e9,
                        ledger.validEvents(), outputs.sampledCollector().records(), outputs.metricCountSum(),
                        outputs.sessionCount(), outputs.dlqCount(), rows.rows(), receiver.requests()),
                        10, 10, TimeUnit.SECONDS);
                String raw = topics.raw();
                progress.scheduleWithFixedDelay(() -> {
                    try {
                        load.pause(probe.lag(PROCESSOR_GROUP, raw) > settings.maxLag());
                    } catch (Exception e) {
                        // a broker is down or the group moves: keep the last decision until the next look
                    }
                }, 1, 1, TimeUnit.SECONDS);
                long loadStart = System.nanoTime();
                load.start();
                FaultInjector faults = new FaultInjector(settings, kafka, probe, fleet, outputs, rows, ledger, out,
                        loadStart);
                List<FaultInjector.Fault> injected = faults.run();
                await("the load sends " + settings.events() + " events")
                        .atMost(Duration.ofSeconds(300 + settings.events() / settings.eventsPerSecond()))
                        .pollInterval(Duration.ofMillis(100)).until(() -> ledger.validEvents() >= settings.events());
                load.stop();
                List<ClientStats> stats = load.flush(Duration.ofMinutes(2));
                long loadEnd = System.nanoTime();
                drain(outputs, rows);
                double drainSeconds = (System.nanoTime() - loadEnd) / 1e9;
                ScaleOutChecks checks = check(outputs, rows, stats, injected, faults.controllerStopped());
                return new ScaleOutReport(ledger.validEvents(), ledger.invalidLines().size(),
                        ledger.sessions().size(), new HashSet<>(outputs.sampledIds()).size(),
                        (loadEnd - loadStart) / 1e9, drainSeconds, (System.nanoTime() - start) / 1e9, injected,
                        checks.checks());
            } finally {
                progress.shutdownNow();
            }
        }

        /** Waits, bounded, until every output holds what the load sent; goes on to the checks either way. */
        private void drain(TopicOutputs outputs, ExportedRows rows) throws Exception {
            try {
                await("metrics, sessions and DLQ complete").atMost(settings.drainTimeout())
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> outputs.metricCountSum() >= ledger.validEvents()
                                && outputs.sessionCount() >= ledger.sessions().size()
                                && outputs.dlqCount() >= ledger.invalidLines().size());
                long processed = System.nanoTime();
                await("events.sampled read to its end").atMost(Duration.ofMinutes(2))
                        .until(() -> outputs.sampledCollector().caughtUpSince(processed));
                int sampled = new HashSet<>(outputs.sampledIds()).size();
                await("files and HTTP deliveries complete").atMost(settings.drainTimeout())
                        .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                            rows.refresh();
                            return new HashSet<>(rows.rowIds()).size() >= sampled && receiver.deliveries().stream()
                                    .flatMap(d -> d.eventIds().stream()).distinct().count() >= sampled;
                        });
            } catch (ConditionTimeoutException e) {
                out.println("[scale] outputs incomplete: " + e.getMessage());
            }
            long settled = System.nanoTime();
            try {
                await("every topic read to its end").atMost(Duration.ofMinutes(2))
                        .until(() -> outputs.allCaughtUpSince(settled));
            } catch (ConditionTimeoutException e) {
                out.println("[scale] " + e.getMessage());
            }
            rows.refresh();
        }

        private ScaleOutChecks check(TopicOutputs outputs, ExportedRows rows, List<ClientStats> stats,
                                     List<FaultInjector.Fault> injected, boolean controllerStopped) throws Exception {
            ScaleOutChecks checks = new ScaleOutChecks(ledger, outputs);
            Map<String, TopicDescription> described = probe.tributaryTopics();
            Map<String, Integer> replication = new HashMap<>();
            Map<String, Integer> partitions = new HashMap<>();
            described.forEach((name, d) -> {
                replication.put(name, d.partitions().get(0).replicas().size());
                partitions.put(name, d.partitions().size());
            });
            checks.topology(replication, partitions, probe.minInsyncReplicas(described.keySet()),
                    topics.samplingRules(), settings.partitions());
            checks.load(stats);
            checks.raw();
            checks.metrics();
            checks.sampling();
            checks.dlq();
            VerifyReport verify = ExportVerifier.verify(fleet.exportDir());
            checks.files(rows.rowIds(), verify);
            checks.http(receiver.deliveries(), TributaryFleet.TOKEN, receiver.unreadable());
            checks.sessions();
            checks.recovery(injected, controllerStopped);
            return checks;
        }
    }
}
