package io.tributary.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.runtime.service.Health;
import io.tributary.runtime.service.Service;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The long-running parts of one command (the processor, an exporter): started in the order added, closed in
 * reverse, and one health for the metrics server, the worst of theirs.
 */
final class ServiceGroup implements AutoCloseable {
    private final List<Service> services = new CopyOnWriteArrayList<>();

    /** Adds a service, not yet started; it is closed with the group even if it never starts. */
    <S extends Service> S add(S service) {
        services.add(service);
        return service;
    }

    /** Starts every service in the order added; the first failure propagates (close the group then). */
    void start() {
        services.forEach(Service::start);
    }

    /**
     * DOWN {@code starting} while empty; else the worst status of the services, with the reasons of those
     * not up, in order, joined by {@code "; "}.
     */
    Health health() {
        if (services.isEmpty()) {
            return Health.down("starting");
        }
        List<Health> notUp = services.stream().map(Service::health).filter(h -> !h.isUp()).toList();
        if (notUp.isEmpty()) {
            return Health.up();
        }
        String reasons = notUp.stream().map(Health::reason).collect(Collectors.joining("; "));
        boolean down = notUp.stream().anyMatch(h -> h.status() == Health.Status.DOWN);
        return down ? Health.down(reasons) : Health.degraded(reasons);
    }

    /** Closes every service, the last added first, each with its own default timeout. */
    @Override
    public void close() {
        List<Service> reversed = new ArrayList<>(services);
        Collections.reverse(reversed);
        RuntimeException failure = null;
        for (Service service : reversed) {
            try {
                service.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Runs the services {@code create} makes until Ctrl-C: serves their metrics and health on {@code
     * metricsBind}:{@code metricsPort} (port 0: not at all), starts them, calls {@code started}, waits for the
     * signal, and closes them and then the metrics server.
     */
    static void runUntilSignal(String metricsBind, int metricsPort, Function<MeterRegistry, List<Service>> create,
            Runnable started) throws InterruptedException {
        runUntilSignal(metricsBind, metricsPort, create, metrics -> { }, started);
    }

    /** {@link #runUntilSignal(String, int, Function, Runnable)}, handing the metrics server to {@code serve} first. */
    static void runUntilSignal(String metricsBind, int metricsPort, Function<MeterRegistry, List<Service>> create,
            Consumer<MetricsServer> serve, Runnable started) throws InterruptedException {
        Shutdown shutdown = Shutdown.onSignal();
        ServiceGroup services = new ServiceGroup();
        try (MetricsServer metrics = new MetricsServer(metricsBind, metricsPort, services); services) {
            create.apply(metrics.registry()).forEach(services::add);
            serve.accept(metrics);
            services.start();
            started.run();
            shutdown.await();
        } finally {
            shutdown.done();
        }
    }
}
