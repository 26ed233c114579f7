package io.tributary.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.webjars.WebJarVersionLocator;
import org.slf4j.LoggerFactory;

/**
 * Serves the console under {@value #BASE}: the page and its assets from the jar (the charting library from its
 * WebJar), the JSON API of each view, a Server-Sent Events stream that pushes a snapshot every second, and the
 * login form when a token is required. Changes (sampling rules, verify) take POST or DELETE with the header
 * {@code X-Tributary-Console: 1}, which a page of another origin cannot send without a preflight this server
 * never grants. The server needs an executor with more than one thread: each open page holds one for its stream.
 */
public final class ConsoleRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
    public static final String BASE = "/console";
    /** Open streams at once; more get 503. */
    static final int MAX_STREAMS = 32;
    private static final String WEB = "io/tributary/console/web/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png");

    private final Console console;
    private final ConsoleApi api;
    private final Access access;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final WebJarVersionLocator webjars = new WebJarVersionLocator();

    public ConsoleRoutes(Console console, Access access) {
        this.console = console;
        this.api = new ConsoleApi(console);
        this.access = access;
    }

    /** Adds the console's routes to {@code server}. */
    public void register(HttpServer server) {
        server.createContext(BASE, this::handle);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(BASE.length());
            setSecurityHeaders(exchange);
            if (path.isEmpty()) {
                redirect(exchange, BASE + "/");
            } else if (path.startsWith("/assets/")) {
                resource(exchange, WEB + path.substring("/assets/".length()));
            } else if (path.startsWith("/webjars/")) {
                webjar(exchange, path.substring("/webjars/".length()));
            } else if (path.equals("/login")) {
                login(exchange);
            } else if (!access.allows(exchange)) {
                if (path.equals("/")) {
                    redirect(exchange, BASE + "/login");
                } else {
                    send(exchange, 401, "text/plain; charset=utf-8", "token required\n");
                }
            } else if (path.equals("/")) {
                resource(exchange, WEB + "index.html");
            } else if (path.equals("/events")) {
                stream(exchange);
            } else if (path.startsWith("/api/")) {
                api(exchange, path.substring("/api".length()));
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            }
        } catch (IOException e) {
            LOG.debug("console: request ended: {}", e.toString());
        }
    }

    private void api(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        Map<String, String> query = query(exchange);
        long now = System.currentTimeMillis();
        if (!method.equals("GET") && !"1".equals(exchange.getRequestHeaders().getFirst("X-Tributary-Console"))) {
            json(exchange, 403, error("changes need the header X-Tributary-Console: 1"));
            return;
        }
        try {
            Object body = switch (method + " " + path) {
                case "GET /snapshot" -> api.snapshot(now);
                case "GET /flow" -> api.flow(now);
                case "GET /lag" -> api.lag();
                case "GET /dlq" -> api.deadLetters();
                case "GET /sampling" -> api.sampling().view();
                case "GET /windows" -> api.windows();
                case "GET /windows/history" -> api.windowHistory(query.getOrDefault("id", ""));
                case "GET /sessions" -> api.sessions();
                case "GET /exports" -> api.exports().view();
                case "GET /tail" -> api.tail(number(query.get("after")), (int) Math.min(1_000,
                        Math.max(1, number(query.getOrDefault("max", "200")))));
                case "POST /sampling/rules" -> api.sampling().set(api.mapper().readTree(readBody(exchange)));
                case "DELETE /sampling/rules" -> api.sampling().delete(query.get("target"));
                case "POST /exports/verify" -> api.exports().verifyNow();
                default -> null;
            };
            if (body == null) {
                json(exchange, 404, error("no such API: " + method + " " + path));
            } else {
                json(exchange, 200, body);
            }
        } catch (IllegalArgumentException | IllegalStateException | com.fasterxml.jackson.core.JsonProcessingException e) {
            json(exchange, 400, error(e.getMessage()));
        } catch (RuntimeException e) {
            json(exchange, 500, error(e.toString()));
        }
    }

    /** Pushes {@code snapshot} and new tail entries every second until the page goes away. */
    private void stream(HttpExchange exchange) throws IOException {
        if (!streams.tryAcquire()) {
            send(exchange, 503, "text/plain; charset=utf-8", "too many open consoles\n");
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            long tailSeq = number(query(exchange).get("tail"));
            OutputStream out = exchange.getResponseBody();
            while (!Thread.currentThread().isInterrupted() && console.health().status()
                    != io.tributary.runtime.service.Health.Status.DOWN) {
                String event;
                try {
                    var snapshot = api.snapshot(System.currentTimeMillis());
                    var tail = api.tail(tailSeq, 200);
                    if (!tail.isEmpty()) {
                        tailSeq = tail.get(tail.size() - 1).get("seq").asLong();
                    }
                    snapshot.set("tail", tail);
                    event = "event: snapshot\ndata: " + api.mapper().writeValueAsString(snapshot) + "\n\n";
                } catch (RuntimeException e) {
                    // a bug in one view must not stop the page silently: say so, and try again next second
                    LOG.warn("console: cannot render the snapshot", e);
                    event = "event: failure\ndata: " + api.mapper().writeValueAsString(error(e.toString())) + "\n\n";
                }
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.release();
        }
    }

    private void login(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("POST")) {
            Map<String, String> form = parse(new String(readBody(exchange), StandardCharsets.UTF_8));
            if (access.matches(form.getOrDefault("token", ""))) {
                exchange.getResponseHeaders().add("Set-Cookie", Access.COOKIE + "=" + access.session()
                        + "; Path=" + BASE + "; HttpOnly; SameSite=Strict");
                redirect(exchange, BASE + "/");
                return;
            }
            exchange.getResponseHeaders().set("Location", BASE + "/login?failed");
            send(exchange, 303, "text/plain; charset=utf-8", "wrong token\n");
            return;
        }
        resource(exchange, WEB + "login.html");
    }

    private static void setSecurityHeaders(HttpExchange exchange) {
        var h = exchange.getResponseHeaders();
        h.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
    }

    /** {@code uplot/dist/uPlot.iife.min.js}: a file of a WebJar on the classpath, whatever its version. */
    private void webjar(HttpExchange exchange, String path) throws IOException {
        int slash = path.indexOf('/');
        String full = slash < 0 ? null : webjars.fullPath(path.substring(0, slash), path.substring(slash + 1));
        if (full == null) {
            send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
        } else {
            resource(exchange, full);
        }
    }

    private static void resource(HttpExchange exchange, String name) throws IOException {
        if (name.contains("..")) {
            send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            return;
        }
        try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
                return;
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            byte[] bytes = in.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private void json(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, "application/json", api.mapper().writeValueAsString(body));
    }

    private JsonNode error(String message) {
        return api.mapper().createObjectNode().put("error", message);
    }

    private static void redirect(HttpExchange exchange, String to) throws IOException {
        exchange.getResponseHeaders().set("Location", to);
        exchange.sendResponseHeaders(303, -1);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(64 * 1024 + 1);
        if (body.length > 64 * 1024) {
            throw new IllegalArgumentException("request body over 64 KiB");
        }
        return body;
    }

    private static Map<String, String> query(HttpExchange exchange) {
        String q = exchange.getRequestURI().getRawQuery();
        return q == null ? Map.of() : parse(q);
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> values = new HashMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            if (!kv[0].isEmpty()) {
                values.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return values;
    }

    private static long number(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + value);
        }
    }
}
