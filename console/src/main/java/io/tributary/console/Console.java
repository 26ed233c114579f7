package io.tributary.console;

import io.tributary.console.watch.ComponentMetrics;
import io.tributary.console.watch.DeadLetters;
import io.tributary.console.watch.ExportLedger;
import io.tributary.console.watch.Flow;
import io.tributary.console.watch.LagMonitor;
import io.tributary.console.watch.LiveTail;
import io.tributary.console.watch.MetricWindows;
import io.tributary.console.watch.SamplingObservations;
import io.tributary.console.watch.Sessions;
import io.tributary.console.watch.TopicWatcher;
import io.tributary.processor.sampling.SamplingRule;
import io.tributary.processor.sampling.SamplingRulesAdmin;
import io.tributary.runtime.service.Health;
import io.tributary.runtime.service.Service;
import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's model of the pipeline, kept current in the background: a {@link TopicWatcher} thread reads the
 * topics, and a scheduler polls the components' metrics (every second), the consumer lag (every 2 s), the export
 * manifests and the sampling rules (every 5 s). {@link ConsoleApi} renders it; {@link ConsoleRoutes} serves it.
 */
public final class Console implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    private final ConsoleSettings settings;
    private final long sinceMs;
    private final Flow flow = new Flow();
    private final DeadLetters deadLetters;
    private final MetricWindows windows = new MetricWindows();
    private final Sessions sessions = new Sessions();
    private final LiveTail tail = new LiveTail();
    private final SamplingObservations sampling = new SamplingObservations();
    private final ComponentMetrics components;
    private final Optional<ExportLedger> ledger;
    private final TopicWatcher watcher;
    private Admin admin;
    private SamplingRulesAdmin rulesAdmin;
    private LagMonitor lag;
    private ScheduledExecutorService scheduler;
    private Thread watcherThread;
    private volatile SortedMap<String, SamplingRule> rules = new TreeMap<>();
    private volatile String rulesProblem = "";
    private volatile boolean started;
    private volatile boolean closed;

    public Console(ConsoleSettings settings) {
        this.settings = settings;
        this.sinceMs = System.currentTimeMillis() - settings.history().toMillis();
        this.deadLetters = new DeadLetters(settings.topics().raw());
        this.components = new ComponentMetrics(settings.components(), flow);
        this.ledger = settings.exports().map(storage -> new ExportLedger(storage, sinceMs, flow));
        this.watcher = new TopicWatcher(settings.clientSettings(), settings.topics(), sinceMs, flow, deadLetters,
                windows, sessions, tail, sampling);
    }

    @Override
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("console already started");
        }
        started = true;
        admin = Admin.create(settings.clientSettings());
        rulesAdmin = SamplingRulesAdmin.create(settings.clientSettings(), settings.topics());
        lag = new LagMonitor(admin, settings.clientSettings(), settings.groups());
        watcherThread = new Thread(watcher, "tributary-console-topics");
        watcherThread.setDaemon(true);
        watcherThread.start();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-console-poll");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(guarded("metrics", components::poll), 0, 1, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(guarded("lag", lag::sample), 0, 2, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(guarded("rules", this::refreshRules), 0, 5, TimeUnit.SECONDS);
        ledger.ifPresent(l -> scheduler.scheduleWithFixedDelay(guarded("manifests", l::refresh), 0, 5,
                TimeUnit.SECONDS));
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("console: polling {} failed: {}", what, e.toString());
            }
        };
    }

    private void refreshRules() {
        try {
            rules = rulesAdmin.list(); // its producer is thread-safe and each list() reads with its own consumer
            rulesProblem = "";
        } catch (RuntimeException e) {
            rulesProblem = "cannot read the sampling rules: " + e.getMessage();
        }
    }

    /** Creates or replaces a rule, as {@code tributary sampling set} does, and returns the rules after it. */
    public SortedMap<String, SamplingRule> setRule(SamplingRule rule) {
        rulesAdmin.publish(rule);
        rules = rulesAdmin.list();
        return rules;
    }

    /** Deletes a rule, as {@code tributary sampling delete} does, and returns the rules after it. */
    public SortedMap<String, SamplingRule> deleteRule(String target) {
        rulesAdmin.delete(target);
        rules = rulesAdmin.list();
        return rules;
    }

    @Override
    public Health health() {
        if (!started || closed) {
            return Health.down("console " + (closed ? "stopped" : "not started"));
        }
        String problem = firstNonEmpty(watcher.problem(), lag.problem(),
                ledger.map(ExportLedger::problem).orElse(""), rulesProblem);
        return problem.isEmpty() ? Health.up() : Health.degraded("console: " + problem);
    }

    private static String firstNonEmpty(String... problems) {
        for (String p : problems) {
            if (!p.isEmpty()) {
                return p;
            }
        }
        return "";
    }

    @Override
    public synchronized boolean close(Duration timeout) {
        if (closed || !started) {
            closed = true;
            return true;
        }
        closed = true;
        watcher.stop();
        scheduler.shutdownNow();
        boolean stopped;
        try {
            watcherThread.join(timeout.toMillis());
            stopped = scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS) && !watcherThread.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = false;
        }
        ledger.ifPresent(ExportLedger::close);
        lag.close();
        rulesAdmin.close();
        admin.close(Duration.ofSeconds(5));
        return stopped;
    }

    ConsoleSettings settings() {
        return settings;
    }

    long sinceMs() {
        return sinceMs;
    }

    Flow flow() {
        return flow;
    }

    DeadLetters deadLetters() {
        return deadLetters;
    }

    MetricWindows windows() {
        return windows;
    }

    Sessions sessions() {
        return sessions;
    }

    LiveTail tail() {
        return tail;
    }

    SamplingObservations sampling() {
        return sampling;
    }

    SortedMap<String, SamplingRule> rules() {
        return rules;
    }

    ComponentMetrics components() {
        return components;
    }

    Optional<ExportLedger> ledger() {
        return ledger;
    }

    LagMonitor lag() {
        return lag;
    }

    TopicWatcher watcher() {
        return watcher;
    }
}
