package io.tributary.bench.scale;

import io.tributary.schema.Category;
import io.tributary.schema.Priority;
import io.tributary.sdk.BackpressurePolicy;
import io.tributary.sdk.CallScope;
import io.tributary.sdk.ClientStats;
import io.tributary.sdk.HttpExchange;
import io.tributary.sdk.Session;
import io.tributary.sdk.TributaryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The load: one SDK client and one thread per service, each sending whole sessions (start, calls and returns,
 * some exceptions, HTTP exchanges with some 5xx, custom events, a few of high priority) at a steady rate, and a
 * plain Kafka producer adding raw JSON lines that must fail validation. Everything sent is tallied in a
 * {@link SentLedger} as it is handed over. Runs until {@link #stop()}.
 */
final class LoadGenerator implements AutoCloseable {
    static final List<String> SERVICES = List.of("checkout", "search", "billing");
    private static final String[] TAGS = {"web", "api", "cron", "worker"};
    private static final String[] FUNCS = {"charge", "lookup", "render", "score", "persist", "validate"};
    private static final String[] CUSTOM = {"add_to_cart", "search_done", "page_view"};
    private static final String[][] ROUTES = {
        {"GET", "/v1/users/{id}"}, {"POST", "/v1/orders/{id}/items"}, {"GET", "/v1/catalog"}, {"PUT", "/v1/carts/{id}"}};
    private static final int[] STATUSES = {200, 200, 200, 200, 201, 204, 302, 404, 429, 500, 503};

    private final ScaleOutSettings settings;
    private final SentLedger ledger;
    private final List<TributaryClient> clients = new ArrayList<>();
    private final KafkaProducer<byte[], byte[]> rawProducer;
    private final String rawTopic;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;
    private volatile boolean paused;
    private volatile Throwable failure;

    LoadGenerator(ScaleOutSettings settings, String bootstrap, SentLedger ledger) {
        this.settings = settings;
        this.ledger = ledger;
        this.rawTopic = TributaryFleet.TOPIC_PREFIX + "events.raw";
        for (String service : SERVICES) {
            clients.add(TributaryClient.builder().bootstrapServers(bootstrap).service(service)
                    .topicPrefix(TributaryFleet.TOPIC_PREFIX)
                    // never drop: the run must know exactly what reached Kafka
                    .maxBufferEvents(1_000_000).maxBufferBytes(512L * 1024 * 1024)
                    .backpressure(BackpressurePolicy.block(Duration.ofMinutes(2)))
                    .build());
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        rawProducer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Starts one sending thread per service. */
    void start() {
        double perThread = (double) settings.eventsPerSecond() / clients.size();
        for (int i = 0; i < clients.size(); i++) {
            TributaryClient client = clients.get(i);
            Random random = new Random(31L * i + 7);
            Thread t = new Thread(() -> run(client, random, perThread), "load-" + SERVICES.get(i));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Holds the load back while the pipeline lags too far behind (true), or lets it go on (false). */
    void pause(boolean paused) {
        this.paused = paused;
    }

    /** Asks the threads to stop after their current session and waits for them. */
    void stop() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(Duration.ofMinutes(3).toMillis());
        }
        if (failure != null) {
            throw new IllegalStateException("the load failed", failure);
        }
    }

    /** Flushes every client and the raw producer; returns the SDK clients' statistics. */
    List<ClientStats> flush(Duration timeout) {
        rawProducer.flush();
        List<ClientStats> stats = new ArrayList<>();
        for (TributaryClient client : clients) {
            client.flush(timeout);
            stats.add(client.stats());
        }
        return stats;
    }

    private void run(TributaryClient client, Random random, double eventsPerSecond) {
        try {
            long dueNs = System.nanoTime();
            long sent = 0;
            long invalidSent = 0;
            while (!stop) {
                long events = session(client, random);
                sent += events;
                while (invalidSent < sent / settings.invalidEvery()) {
                    invalid(random, invalidSent++);
                }
                // pacing the load, not synchronisation: the target rate, and no more than the pipeline takes
                dueNs += (long) (events * 1e9 / eventsPerSecond);
                while (!stop && (paused || dueNs > System.nanoTime())) {
                    LockSupport.parkNanos(paused ? 50_000_000L : dueNs - System.nanoTime());
                    dueNs = paused ? System.nanoTime() : dueNs;
                }
                dueNs = Math.max(dueNs, System.nanoTime() - 1_000_000_000L);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    /** Sends one session through the SDK and tallies it; returns its event count. */
    private long session(TributaryClient client, Random r) {
        String service = client.service();
        String tag = TAGS[r.nextInt(TAGS.length)];
        Map<String, Long> keys = new HashMap<>();
        Session session = client.startSession(tag, Map.of("run", "scale-out"));
        count(keys, service, "SESSION_START", tag);
        long events = 1;
        long calls = 0;
        long exceptions = 0;
        long http = 0;
        long errors = 0;
        for (int i = 1 + r.nextInt(5); i > 0; i--) {
            String func = FUNCS[r.nextInt(FUNCS.length)];
            try (CallScope call = session.call(func, "app." + service, service + ".java", 10 + i)) {
                if (r.nextInt(100) < 5) {
                    Exception error = exception(r);
                    call.fail(error);
                    exceptions++;
                    events++;
                    count(keys, service, "EXCEPTION", error.getClass().getName());
                }
            }
            calls++;
            events += 2;
            count(keys, service, "CALL", func);
            count(keys, service, "RETURN", func);
        }
        for (int i = r.nextInt(4); i > 0; i--) {
            String[] route = ROUTES[r.nextInt(ROUTES.length)];
            String url = "https://api.example.com" + route[1].replace("{id}", Integer.toString(1 + r.nextInt(9999)));
            HttpExchange exchange = session.httpRequest(route[0], url, Map.of("accept", "application/json"),
                    64 + r.nextInt(512));
            int status = STATUSES[r.nextInt(STATUSES.length)];
            exchange.response(status, Map.of(), 128 + r.nextInt(4096));
            http++;
            errors += status >= 500 ? 1 : 0;
            events += 2;
            count(keys, service, "HTTP_REQUEST", route[0] + " " + route[1]);
            count(keys, service, "HTTP_RESPONSE", route[0] + " " + route[1]);
        }
        for (int i = r.nextInt(3); i > 0; i--) {
            String name = CUSTOM[r.nextInt(CUSTOM.length)];
            Priority priority = r.nextInt(40) == 0 ? Priority.HIGH : Priority.NORMAL;
            client.track(session.id(), name, Category.USAGE, priority, Map.of("step", i));
            events++;
            count(keys, service, "CUSTOM", name);
        }
        ledger.session(session.id(), new SentLedger.ExpectedSession(service, tag, events, calls, exceptions, http,
                errors), keys);
        return events;
    }

    private static Exception exception(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> new IllegalStateException("state went bad");
            case 1 -> new TimeoutException("upstream timed out");
            default -> new UncheckedIOException("disk", new IOException("disk full"));
        };
    }

    private static void count(Map<String, Long> keys, String service, String type, String name) {
        keys.merge(service + '|' + type + '|' + name, 1L, Long::sum);
    }

    /** Produces one raw JSON line that must go to the DLQ, of one of five kinds in turn. */
    private void invalid(Random r, long n) {
        String id = "invalid-" + UUID.randomUUID();
        long now = System.currentTimeMillis() * 1_000_000L;
        String line = switch ((int) (n % 5)) {
            case 0 -> "{\"type\":\"custom\",\"id\":\"" + id + "\",\"name\":\"broken\",\"ts_ns\":" + now;
            case 1 -> "{\"type\":\"call\",\"id\":\"" + id + "\",\"func\":\"orphan\",\"t0_ns\":" + now + "}";
            case 2 -> "{\"type\":\"teleport\",\"id\":\"" + id + "\",\"ts_ns\":" + now + "}";
            case 3 -> "{\"type\":\"custom\",\"id\":\"" + id + "\",\"ts_ns\":" + now + "}";
            default -> "{\"type\":\"http_response\",\"id\":\"" + id + "\",\"session_id\":\"sess_" + r.nextInt(1000)
                    + "\",\"status\":700,\"t1_ns\":" + now + "}";
        };
        rawProducer.send(new ProducerRecord<>(rawTopic, id.getBytes(StandardCharsets.UTF_8),
                line.getBytes(StandardCharsets.UTF_8)), (metadata, error) -> {
                    if (error == null) {
                        ledger.invalidAcknowledged(line);
                    } else {
                        ledger.invalidFailed();
                    }
                });
    }

    @Override
    public void close() {
        stop = true;
        clients.forEach(c -> c.close(Duration.ofSeconds(30)));
        rawProducer.close(Duration.ofSeconds(30));
    }
}
