package io.tributary.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.console.ConsoleRoutes;
import io.tributary.runtime.service.Health;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves {@code GET /metrics} (Prometheus text format), {@code GET /health} and {@code GET /ready} for a
 * long-running command, from the health of its {@link ServiceGroup}; both health pages say the status and the
 * reason ({@code UP}, {@code DEGRADED file export: ...}, {@code DOWN processor ERROR}):
 *
 * <ul>
 *   <li>{@code /health} (liveness): 200 unless DOWN (not started, failed, stopped), then 503. A degraded
 *       service is alive: it retries on its own, and restarting it would not help.</li>
 *   <li>{@code /ready} (readiness): 200 only when UP, else 503: the processor while it rebalances or restores
 *       state for long, an exporter while a partition is paused.</li>
 * </ul>
 *
 * Port 0 disables it.
 */
final class MetricsServer implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;

    /** @param services the command's services, whose health {@code /health} reports */
    MetricsServer(String host, int port, ServiceGroup services) {
        if (port == 0) {
            server = null;
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200, registry.scrape()));
        server.createContext("/health", exchange -> {
            Health health = services.health();
            respond(exchange, health.status() == Health.Status.DOWN ? 503 : 200, health + "\n");
        });
        server.createContext("/ready", exchange -> {
            Health health = services.health();
            respond(exchange, health.isUp() ? 200 : 503, health + "\n");
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tributary-http-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Also serves the web console under {@code /console/}, and sends {@code /} there. */
    void serve(ConsoleRoutes console) {
        if (server == null) {
            throw new IllegalStateException("the console needs the metrics server: its port must not be 0");
        }
        console.register(server);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/")) {
                exchange.getResponseHeaders().set("Location", ConsoleRoutes.BASE + "/");
                exchange.sendResponseHeaders(303, -1);
                exchange.close();
            } else {
                respond(exchange, 404, "not found\n");
            }
        });
    }

    /** The address served, e.g. {@code http://127.0.0.1:9400}. */
    String url() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }
        registry.close();
    }
}
