package io.tributary.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.export.format.Compression;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP exporter's destination: a real server on 127.0.0.1 that accepts every batch with 200 and remembers
 * each request's {@code Idempotency-Key}, {@code Authorization} and the {@code event_id} of every NDJSON line.
 */
final class LoopbackReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One accepted request. */
    record Delivery(String idempotencyKey, String authorization, List<String> eventIds) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Object lock = new Object();
    private final List<Delivery> deliveries = new ArrayList<>();
    private long unreadable;

    LoopbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/v1/events", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/events");
    }

    List<Delivery> deliveries() {
        synchronized (lock) {
            return List.copyOf(deliveries);
        }
    }

    int requests() {
        synchronized (lock) {
            return deliveries.size();
        }
    }

    /** Requests whose body could not be read (answered 400). */
    long unreadable() {
        synchronized (lock) {
            return unreadable;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            List<String> ids;
            try {
                ids = ids(body, exchange.getRequestHeaders().getFirst("Content-Encoding"));
            } catch (IOException | RuntimeException e) {
                synchronized (lock) {
                    unreadable++;
                }
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            Delivery delivery = new Delivery(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("Authorization"), ids);
            synchronized (lock) {
                deliveries.add(delivery);
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static List<String> ids(byte[] body, String encoding) throws IOException {
        Compression compression = encoding == null || encoding.isBlank() ? Compression.fromName("none")
                : Compression.fromName(encoding);
        List<String> ids = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                compression.decompress(new ByteArrayInputStream(body)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    JsonNode id = JSON.readTree(line).get("event_id");
                    ids.add(id == null ? null : id.asText());
                }
            }
        }
        return ids;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
