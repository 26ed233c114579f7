package io.tributary.cli;

import io.tributary.schema.Category;
import io.tributary.schema.Priority;
import io.tributary.sdk.CallScope;
import io.tributary.sdk.HttpExchange;
import io.tributary.sdk.Session;
import io.tributary.sdk.TributaryClient;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Realistic demo traffic through the SDK: web sessions that call functions, make HTTP calls to REST routes
 * with ids in them, sometimes fail, and emit analytics events. Paced to a target events per second.
 */
final class DemoLoad implements Runnable {
    private static final String[] FUNCS = {"load_user", "score", "render", "charge", "lookup_price"};

    private final TributaryClient client;
    private final double eventsPerSecond;
    private final long maxEvents;
    private final SplittableRandom random = new SplittableRandom(42);
    private volatile boolean running = true;
    private long emitted;

    /**
     * @param eventsPerSecond target rate
     * @param maxEvents stop after about this many events; 0 runs until {@link #stop()}
     */
    DemoLoad(TributaryClient client, double eventsPerSecond, long maxEvents) {
        this.client = client;
        this.eventsPerSecond = eventsPerSecond;
        this.maxEvents = maxEvents;
    }

    void stop() {
        running = false;
    }

    long emitted() {
        return emitted;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        while (running && (maxEvents == 0 || emitted < maxEvents)) {
            emitted += session();
            long due = start + (long) (emitted / eventsPerSecond * TimeUnit.SECONDS.toNanos(1));
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private String route() {
        return switch (random.nextInt(4)) {
            case 0 -> "/v1/users/" + random.nextInt(10_000);
            case 1 -> "/v1/orders/" + new UUID(random.nextLong(), random.nextLong());
            case 2 -> "/v1/items/" + random.nextInt(10_000) + "/reviews";
            default -> "/v1/search";
        };
    }

    /** One session; returns the number of events it produced. */
    private int session() {
        Session session = client.startSession(random.nextInt(4) == 0 ? "cron" : "web",
                Map.of("env", "demo", "region", random.nextBoolean() ? "eu-west-1" : "us-east-1"));
        int events = 1;
        int calls = 1 + random.nextInt(4);
        for (int i = 0; i < calls; i++) {
            String func = FUNCS[random.nextInt(FUNCS.length)];
            try (CallScope call = session.call(func, "app." + func, "/app/" + func + ".py", 10 + random.nextInt(500),
                    Map.of("user_id", random.nextInt(1_000_000), "items", random.nextInt(20)))) {
                if (random.nextInt(40) == 0) {
                    call.fail(new IllegalStateException(func + " failed: upstream timeout"));
                    events++;
                }
            }
            events += 2;
        }
        if (random.nextInt(2) == 0) {
            String route = route();
            HttpExchange http = session.httpRequest(random.nextBoolean() ? "GET" : "POST",
                    "https://api.example.com" + route, Map.of("content-type", "application/json"), 256);
            int roll = random.nextInt(100);
            int status = roll < 85 ? 200 : roll < 93 ? 404 : roll < 97 ? 429 : 503;
            http.response(status, Map.of("content-type", "application/json"), 200 + random.nextInt(4000));
            events += 2;
        }
        if (random.nextInt(3) == 0) {
            client.track(session.id(), random.nextBoolean() ? "feature_used" : "checkout_started", Category.USAGE,
                    random.nextInt(50) == 0 ? Priority.HIGH : Priority.NORMAL,
                    Map.of("plan", random.nextBoolean() ? "pro" : "free", "seats", 1 + random.nextInt(10)));
            events++;
        }
        return events;
    }
}
