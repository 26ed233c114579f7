package io.tributary.export.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.export.format.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 playing an ingest API with scripted faults. Like a real idempotent API it
 * accepts a key once: a repeated request with an already accepted {@code Idempotency-Key} gets 200 and adds
 * nothing, so {@link #acceptedIds()} holds every event exactly once when nothing was lost.
 */
final class ScriptedReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    record Received(long atNanos, String key, String batch, String authorization, String encoding, List<String> ids) {
        String partition() {
            return batch.substring(0, batch.indexOf('@'));
        }

        long firstOffset() {
            return Long.parseLong(batch.substring(batch.indexOf('@') + 1, batch.indexOf("..")));
        }

        long lastOffset() {
            return Long.parseLong(batch.substring(batch.indexOf("..") + 2));
        }
    }

    /** What to answer. {@code status} 0 drops the connection without a response. */
    record Reply(int status, Map<String, String> headers, String body) {
        static Reply of(int status) {
            return new Reply(status, Map.of(), "");
        }

        static Reply of(int status, String body) {
            return new Reply(status, Map.of(), body);
        }

        static Reply drop() {
            return new Reply(0, Map.of(), "");
        }
    }

    /** Decides the reply; may block to hold a request in flight. */
    @FunctionalInterface
    interface Script {
        Reply reply(Received request) throws InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Object lock = new Object();
    private final List<Received> requests = new ArrayList<>();
    private final Map<Received, Integer> statuses = new LinkedHashMap<>();
    private final Set<String> acceptedKeys = new HashSet<>();
    private final List<Received> accepted = new ArrayList<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger maxInFlightPerPartition = new AtomicInteger();
    private volatile Script script = r -> Reply.of(200);

    ScriptedReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/v1/events", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/events");
    }

    void script(Script script) {
        this.script = script;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        Received r = new Received(System.nanoTime(), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                exchange.getRequestHeaders().getFirst("X-Tributary-Batch"),
                exchange.getRequestHeaders().getFirst("Authorization"), encoding, ids(body, encoding));
        synchronized (lock) {
            requests.add(r);
        }
        AtomicInteger concurrent = inFlight.computeIfAbsent(r.partition(), p -> new AtomicInteger());
        maxInFlightPerPartition.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        Reply reply;
        try {
            reply = script.reply(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = Reply.drop();
        } finally {
            // before anything is sent: once the client has the answer it may send the next request at once
            concurrent.decrementAndGet();
        }
        {
            if (reply.status() == 0) {
                // closing without a response: the client sees the connection end, a network error
                exchange.close();
                return;
            }
            synchronized (lock) {
                statuses.put(r, reply.status());
                if (reply.status() / 100 == 2 && acceptedKeys.add(r.key())) {
                    accepted.add(r);
                }
            }
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
            exchange.close();
        }
    }

    private static List<String> ids(byte[] body, String encoding) throws IOException {
        Compression compression = encoding == null ? Compression.NONE : Compression.fromName(encoding);
        List<String> ids = new ArrayList<>();
        try (InputStream in = compression.decompress(new ByteArrayInputStream(body))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    ids.add(JSON.readTree(line).get("event_id").asText());
                }
            }
        }
        return ids;
    }

    List<Received> requests() {
        synchronized (lock) {
            return new ArrayList<>(requests);
        }
    }

    /** The status each answered request got, in arrival order. */
    Map<Received, Integer> statuses() {
        synchronized (lock) {
            return new LinkedHashMap<>(statuses);
        }
    }

    /** First acceptance of each key, in arrival order. */
    List<Received> accepted() {
        synchronized (lock) {
            return new ArrayList<>(accepted);
        }
    }

    /** Event ids of every accepted key, in arrival order. */
    List<String> acceptedIds() {
        List<String> ids = new ArrayList<>();
        accepted().forEach(r -> ids.addAll(r.ids()));
        return ids;
    }

    int maxInFlightPerPartition() {
        return maxInFlightPerPartition.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
