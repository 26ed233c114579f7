package io.tributary.bench.scale;

import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafkaCluster;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Injects the run's failures while the load flows, one after the other, each once the load has sent its share
 * of the events and the previous failure has recovered, and measures how long each takes to recover:
 * <ul>
 *   <li>stop a broker that leads a partition of {@code events.raw} (the active controller, or not): recovered
 *       when no partition is led by it, every JVM is healthy and every partition of {@code events.sampled}
 *       received new events;</li>
 *   <li>{@code kill -9} a processor and start it again: recovered when it is healthy and every partition of
 *       {@code events.sampled} received new events since its restart;</li>
 *   <li>{@code kill -9} a file worker and start it again: recovered when it is healthy and every partition has
 *       a new flush manifest since its restart;</li>
 *   <li>start the stopped broker: recovered when every replica of every Tributary topic is back in sync and
 *       every JVM is healthy.</li>
 * </ul>
 */
final class FaultInjector {
    private static final Duration RECOVERY_BOUND = Duration.ofMinutes(3);

    /** One injected failure and its recovery; {@code recoverySeconds} is negative when it did not recover. */
    record Fault(String kind, String target, long atEvents, double atSeconds, double recoverySeconds, String note) {
        boolean recovered() {
            return recoverySeconds >= 0;
        }
    }

    private enum Step { STOP_BROKER, KILL_PROCESSOR, KILL_FILE_WORKER, RESTART_BROKER }

    private final ScaleOutSettings settings;
    private final EmbeddedKafkaCluster kafka;
    private final ClusterProbe probe;
    private final TributaryFleet fleet;
    private final TopicOutputs outputs;
    private final ExportedRows rows;
    private final SentLedger ledger;
    private final PrintStream out;
    private final long loadStartNanos;
    private final List<Fault> faults = new ArrayList<>();
    private boolean controllerStopped;
    private int stoppedBroker = -1;

    FaultInjector(ScaleOutSettings settings, EmbeddedKafkaCluster kafka, ClusterProbe probe, TributaryFleet fleet,
                  TopicOutputs outputs, ExportedRows rows, SentLedger ledger, PrintStream out, long loadStartNanos) {
        this.settings = settings;
        this.kafka = kafka;
        this.probe = probe;
        this.fleet = fleet;
        this.outputs = outputs;
        this.rows = rows;
        this.ledger = ledger;
        this.out = out;
        this.loadStartNanos = loadStartNanos;
    }

    /** Runs the whole schedule; returns the failures as injected, in order. */
    List<Fault> run() throws Exception {
        List<Step> steps = new ArrayList<>(List.of(Step.STOP_BROKER, Step.KILL_PROCESSOR, Step.KILL_FILE_WORKER,
                Step.RESTART_BROKER));
        for (int i = 1; i < settings.brokerStops(); i++) {
            steps.addAll(List.of(Step.STOP_BROKER, Step.RESTART_BROKER));
        }
        int brokerStops = 0;
        for (int i = 0; i < steps.size(); i++) {
            long threshold = settings.events() * (i + 1) / (steps.size() + 2);
            Duration bound = Duration.ofSeconds(120 + threshold / settings.eventsPerSecond());
            await("load reaches " + threshold + " events").atMost(bound).pollInterval(Duration.ofMillis(100))
                    .until(() -> ledger.validEvents() >= threshold);
            // the first stop hits the kind the settings ask for, a second one the other kind
            boolean controller = (brokerStops == 0) == settings.stopControllerFirst();
            Fault fault = switch (steps.get(i)) {
                case STOP_BROKER -> {
                    brokerStops++;
                    yield stopBroker(controller);
                }
                case KILL_PROCESSOR -> killAndRestart(fleet.processors().get(0), false);
                case KILL_FILE_WORKER -> killAndRestart(fleet.fileWorkers().get(0), true);
                case RESTART_BROKER -> restartBroker();
            };
            faults.add(fault);
            out.printf("[scale] %-18s %-14s at %7d events, %6.1f s: recovered in %s  (%s)%n", fault.kind(),
                    fault.target(), fault.atEvents(), fault.atSeconds(),
                    fault.recovered() ? String.format("%.1f s", fault.recoverySeconds()) : "NOT RECOVERED",
                    fault.note());
        }
        return List.copyOf(faults);
    }

    /** Whether the active controller was among the stopped brokers. */
    boolean controllerStopped() {
        return controllerStopped;
    }

    private Fault stopBroker(boolean controller) throws Exception {
        String raw = TributaryFleet.TOPIC_PREFIX + "events.raw";
        Map<Integer, Integer> leaders = probe.leaders(raw);
        int active = probe.controller();
        List<Integer> rawLeaders = leaders.values().stream().filter(n -> n >= 0).distinct().sorted().toList();
        int target = controller && rawLeaders.contains(active) ? active
                : rawLeaders.stream().filter(n -> n != active).findFirst().orElse(rawLeaders.get(0));
        List<Integer> led = leaders.entrySet().stream().filter(e -> e.getValue() == target).map(Map.Entry::getKey)
                .sorted().toList();
        controllerStopped |= target == active;
        String note = "node " + target + (target == active ? " (active controller)" : "") + " led raw partitions "
                + led;
        long at = System.nanoTime();
        long events = ledger.validEvents();
        Map<Integer, Long> before = outputs.sampledCollector().lastOffsets();
        kafka.stopNode(target);
        stoppedBroker = target;
        note += ", stopping took " + seconds(at) + " s";
        return recovery("stop broker", "node-" + target, events, at, note,
                () -> probe.noLeadershipOn(target) && fleet.allHealthy()
                        && advanced(before, outputs.sampledCollector()::lastOffsets));
    }

    private Fault restartBroker() throws Exception {
        int node = stoppedBroker;
        long at = System.nanoTime();
        long events = ledger.validEvents();
        kafka.startNode(node);
        stoppedBroker = -1;
        return recovery("restart broker", "node-" + node, events, at, "starting took " + seconds(at) + " s",
                () -> kafka.isRunning(node) && probe.fullyInSync() && fleet.allHealthy());
    }

    private Fault killAndRestart(ChildJvm jvm, boolean fileWorker) throws Exception {
        long at = System.nanoTime();
        long events = ledger.validEvents();
        jvm.kill();
        jvm.start();
        rows.refresh();
        Map<Integer, Long> before = fileWorker ? rows.endOffsets() : outputs.sampledCollector().lastOffsets();
        Supplier<Map<Integer, Long>> now = fileWorker ? () -> {
            try {
                rows.refresh();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return rows.endOffsets();
        } : outputs.sampledCollector()::lastOffsets;
        return recovery("kill -9 + restart", jvm.name(), events, at,
                fileWorker ? "every partition flushed again" : "every sampled partition written again",
                () -> jvm.healthy() && advanced(before, now));
    }

    private Fault recovery(String kind, String target, long events, long at, String note, Callable<Boolean> done) {
        double atSeconds = (at - loadStartNanos) / 1e9;
        try {
            await(kind + " " + target + " recovers").atMost(RECOVERY_BOUND).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(done);
            return new Fault(kind, target, events, atSeconds, (System.nanoTime() - at) / 1e9, note);
        } catch (ConditionTimeoutException e) {
            return new Fault(kind, target, events, atSeconds, -1, note + "; not recovered within " + RECOVERY_BOUND);
        }
    }

    private boolean advanced(Map<Integer, Long> before, Supplier<Map<Integer, Long>> now) {
        Map<Integer, Long> current = now.get();
        for (int p = 0; p < settings.partitions(); p++) {
            if (current.getOrDefault(p, -1L) <= before.getOrDefault(p, -1L)) {
                return false;
            }
        }
        return true;
    }

    private static String seconds(long sinceNanos) {
        return String.format("%.1f", (System.nanoTime() - sinceNanos) / 1e9);
    }
}
