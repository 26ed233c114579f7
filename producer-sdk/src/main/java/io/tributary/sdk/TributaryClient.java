package io.tributary.sdk;

import io.tributary.schema.Call;
import io.tributary.schema.Category;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.ExceptionEvent;
import io.tributary.schema.HttpRequest;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Priority;
import io.tributary.schema.Return;
import io.tributary.schema.SessionStart;
import io.tributary.schema.codec.AvroEventCodec;
import io.tributary.schema.kafka.Topics;
import io.tributary.schema.sampling.ConsistentSampling;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;

/**
 * Publishes Tributary events to Kafka ({@code <prefix>events.raw}, keyed by session id) without ever
 * blocking or failing the service that embeds it.
 *
 * <pre>{@code
 * try (TributaryClient client = TributaryClient.builder()
 *         .bootstrapServers("localhost:9092")
 *         .service("checkout")
 *         .build()) {
 *     client.track("order_placed", Category.USAGE, Priority.NORMAL, Map.of("items", 3));
 *     Session session = client.startSession("web", Map.of("route", "/pay"));
 *     try (CallScope call = session.call("charge", "billing", "Billing.java", 42)) {
 *         // ...
 *     }
 * }
 * }</pre>
 *
 * <p>Every recording method returns at once (except under {@link BackpressurePolicy#block}, then at most
 * after its timeout) and never throws for a full buffer or an unreachable broker: it returns false and the
 * event is counted. Events are encoded and sent by daemon threads ({@link TributaryClientBuilder#senderThreads}).
 * Every event handed over is, at any time, sent, pending, spooled, sampled out or counted as dropped
 * ({@link ClientStats}).
 */
public final class TributaryClient implements AutoCloseable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final ClientConfig config;
    private final Counters counters = new Counters();
    private final EventBuffer buffer;
    private final DiskSpool spool;
    private final Producer<String, byte[]> producer;
    private final Sender sender;
    private final Object closeLock = new Object();
    private volatile boolean closed;
    /** Recording calls refused because the client was closed (also counted as {@code CLOSED} drops). */
    private final AtomicLong refusedAfterClose = new AtomicLong();
    /** The answer of close, once its work is done (by close, or by a sender thread that was still busy). */
    private final CompletableFuture<Boolean> closeAnswer = new CompletableFuture<>();

    TributaryClient(ClientConfig config) {
        this(config, null);
    }

    /** @param producer the Kafka producer to use (tests), or null to create one from the config */
    TributaryClient(ClientConfig config, Producer<String, byte[]> producer) {
        this.config = config;
        this.buffer = new EventBuffer(config.maxBufferEvents(), config.maxBufferBytes(), config.backpressure(),
                counters);
        this.spool = DiskSpool.open(config, counters);
        String topic = Topics.withPrefix(config.topicPrefix()).raw();
        KafkaProbe probe;
        if (producer != null) {
            this.producer = producer;
            probe = KafkaProbe.ofProducer(producer, topic);
        } else {
            Map<String, Object> props = ProducerSettings.of(config, SEQUENCE.get());
            Duration probeTimeout = ProducerSettings.probeTimeout(props);
            this.producer = ProducerSettings.create(props);
            probe = KafkaProbe.ofCluster(this.producer, props, topic, probeTimeout);
        }
        AvroEventCodec codec = AvroEventCodec.create();
        String name = "tributary-sender-" + config.service() + "-" + SEQUENCE.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.sender = new Sender(buffer, this.producer, topic,
                () -> new EventFinisher(codec, config.maxStringLength(), config.maxAttrs(), config.maxEventBytes()),
                probe, spool, counters, config.probeInterval(), config.maxInFlight(), config.senderThreads(),
                worker -> {
                    int n = threads.getAndIncrement();
                    Thread thread = new Thread(worker, n == 0 ? name : name + "-" + n);
                    thread.setDaemon(true);
                    return thread;
                });
        sender.start();
    }

    /** A builder with every default; see {@link TributaryClientBuilder} for the settings. */
    public static TributaryClientBuilder builder() {
        return new TributaryClientBuilder();
    }

    /**
     * A client configured from the {@code TRIBUTARY_*} environment variables.
     *
     * @throws TributaryConfigException naming the variable and value when one is invalid
     */
    public static TributaryClient fromEnv() {
        return builder().env(System.getenv()).build();
    }

    /** Records a custom analytics event without a session (category {@code custom}, priority {@code normal}). */
    public boolean track(String name, Map<String, ?> properties) {
        return track(null, name, Category.CUSTOM, Priority.NORMAL, properties);
    }

    /** Records a custom analytics event without a session. */
    public boolean track(String name, Category category, Priority priority, Map<String, ?> properties) {
        return track(null, name, category, priority, properties);
    }

    /**
     * Records a custom analytics event.
     *
     * @param sessionId the session it belongs to, or null
     * @param properties JSON-compatible values (maps, lists, strings, numbers, booleans), or null
     * @return true when buffered; false when sampled out or dropped (and counted)
     * @throws NullPointerException if name, category or priority is null
     */
    public boolean track(String sessionId, String name, Category category, Priority priority,
            Map<String, ?> properties) {
        Objects.requireNonNull(name, "name");
        Custom payload = new Custom(name, null);
        Event event = event(EventType.CUSTOM, Objects.requireNonNull(category, "category"),
                Objects.requireNonNull(priority, "priority"), nowNanos(), sessionId, null, null, null, payload);
        int size = 96 + name.length() + (properties == null ? 0 : 48 * properties.size());
        boolean alwaysKeep = priority == Priority.HIGH || priority == Priority.CRITICAL;
        return enqueue(event, properties, size, alwaysKeep);
    }

    /** Starts a session with a new trace. */
    public Session startSession(String tag, Map<String, String> attrs) {
        return startSession(tag, attrs, null);
    }

    /**
     * Starts a session and records its {@code session_start} event.
     *
     * @param traceparent a W3C {@code traceparent} header to continue, or null (or malformed) for a new trace
     */
    public Session startSession(String tag, Map<String, String> attrs, String traceparent) {
        String traceId = Ids.traceIdOf(traceparent);
        Session session = new Session(this, Ids.sessionId(), traceId != null ? traceId : Ids.traceId(), Ids.spanId());
        String language = "java";
        Event event = event(EventType.SESSION_START, Category.TRACE, Priority.NORMAL, nowNanos(), session.id(),
                session.traceId(), session.spanId(), attrs == null ? null : new HashMap<>(attrs),
                new SessionStart(tag, new io.tributary.schema.Runtime(language, System.getProperty("java.version"))));
        enqueue(event, null, 160 + (attrs == null ? 0 : 48 * attrs.size()), false);
        return session;
    }

    /** Low-level: records a call in the given session (for agents that track session ids themselves). */
    public boolean onCall(String sessionId, String func, String module, String file, int line, Object argsPreview) {
        long t0 = nowNanos();
        Event event = event(EventType.CALL, Category.TRACE, Priority.NORMAL, t0, sessionId, null, null, null,
                new Call(func, module, file, line, t0, null));
        return enqueue(event, argsPreview, 128 + length(func) + length(module) + length(file), false);
    }

    /** Low-level: records the return of {@code func} after {@code dtNs} nanoseconds. */
    public boolean onReturn(String sessionId, String func, long dtNs, Object localsPreview) {
        long t1 = nowNanos();
        Event event = event(EventType.RETURN, Category.TRACE, Priority.NORMAL, t1, sessionId, null, null, null,
                new Return(func, t1, dtNs, null));
        return enqueue(event, localsPreview, 112 + length(func), false);
    }

    /** Low-level: records an exception; always kept by sampling. */
    public boolean onException(String sessionId, String func, String typeName, String message) {
        Event event = event(EventType.EXCEPTION, Category.ERROR, Priority.NORMAL, nowNanos(), sessionId, null, null,
                null, new ExceptionEvent(func, typeName, message));
        return enqueue(event, null, 112 + length(func) + length(typeName) + length(message), true);
    }

    /** Low-level: records an outgoing HTTP request; {@code bytesOut} -1 when unknown. */
    public boolean httpRequest(String sessionId, String method, String url, Map<String, String> headers,
            long bytesOut) {
        long t0 = nowNanos();
        Event event = event(EventType.HTTP_REQUEST, Category.TRACE, Priority.NORMAL, t0, sessionId, null, null, null,
                new HttpRequest(method, url, t0, null, bytesOut < 0 ? null : bytesOut, null));
        return enqueue(event, headers, 128 + length(url) + (headers == null ? 0 : 48 * headers.size()), false);
    }

    /**
     * Low-level: records an HTTP response; {@code bytesIn} -1 when unknown; {@code error} or null. Status 5xx
     * is always kept by sampling.
     */
    public boolean httpResponse(String sessionId, int status, long dtNs, Map<String, String> headers, long bytesIn,
            String error) {
        return response(sessionId, null, null, null, status, dtNs, headers, bytesIn, error);
    }

    /**
     * Waits until every event handed over so far is sent, spooled or counted as dropped. While Kafka is
     * reachable, that includes replaying what the spool holds (events go through the spool in order while it
     * is not empty); while it is not, spooled events count as done.
     *
     * @return true when that happened within the timeout
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        sender.wake();
        while (!sender.idle()) {
            if (System.nanoTime() >= deadline || !sender.anyAlive()) {
                return sender.idle();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        return true;
    }

    /** {@link #close(Duration)} with a 10 s timeout. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Stops accepting events, delivers what it can within the timeout, then spools the rest (or counts it as
     * dropped with {@link DropReason#CLOSED} when there is no spool) and stops every thread. Events Kafka still
     * holds unacknowledged are failed by closing its producer, and treated the same way: spooled, or, for those
     * replayed from the spool, left in their segment for the next start. Sender threads
     * still busy at the deadline are interrupted (the events they hold are then spooled like the rest) and get
     * one more second in all; a probe still waiting for Kafka gets another second and a half. Then spooling what
     * is left is handed to the sender as its last command, and waited for one more second at most. So close
     * returns within the timeout plus those seconds plus the time to spool what is left. A sender thread that is
     * still busy then (blocked on a hung disk, say) is not waited for longer: it spools what is left and closes
     * the spool itself when it returns, and close returns false. Later recording calls return false and count
     * {@code CLOSED}.
     * Idempotent: a later call waits up to its own timeout for that work to be done, then says whether
     * everything was delivered or spooled.
     *
     * @return true when everything was delivered or spooled by the time close returned
     */
    public boolean close(Duration timeout) {
        boolean first;
        synchronized (closeLock) {
            first = !closed;
            closed = true;
        }
        if (!first) {
            try {
                return closeAnswer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) { // never completed exceptionally
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return closeAnswer.getNow(false);
            }
        }
        // Called from an interrupted thread (an executor shut down with shutdownNow, say), flush would spin and
        // the joins would give up at once: the flag is set aside and restored on the way out.
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean flushed = flush(timeout);
        interrupted |= sender.stop(deadline);
        long droppedBefore = closeDrops();
        sender.close(() -> {
            closeSpool();
            closeAnswer.complete(flushed || closeDrops() == droppedBefore);
        });
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return closeAnswer.getNow(false);
    }

    /** Events dropped for closing, other than recording calls refused after close. */
    private long closeDrops() {
        return counters.dropped(DropReason.CLOSED) - refusedAfterClose.get();
    }

    /** A snapshot of the counters. */
    public ClientStats stats() {
        return counters.snapshot(buffer.depth(), buffer.bytes(), spool == null ? 0 : spool.recovered());
    }

    /** The client's health now. */
    public Health health() {
        if (closed || !sender.available()) {
            return Health.DEGRADED;
        }
        boolean nearlyFull = buffer.depth() > buffer.maxEvents() * 0.8;
        boolean recentDrop = System.currentTimeMillis() - counters.lastDropMillis < 60_000;
        return nearlyFull || recentDrop ? Health.WARNING : Health.HEALTHY;
    }

    /** The service name stamped on events. */
    public String service() {
        return config.service();
    }

    long nowNanos() {
        Instant now = config.clock().instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    void call(Session s, String func, String module, String file, int line, long t0, Object argsPreview) {
        Event event = event(EventType.CALL, Category.TRACE, Priority.NORMAL, t0, s.id(), s.traceId(), s.spanId(),
                null, new Call(func, module, file, line == 0 ? null : line, t0, null));
        enqueue(event, argsPreview, 128 + length(func) + length(module) + length(file), false);
    }

    void ret(Session s, String func, long dtNs, Object localsPreview) {
        long t1 = nowNanos();
        Event event = event(EventType.RETURN, Category.TRACE, Priority.NORMAL, t1, s.id(), s.traceId(), s.spanId(),
                null, new Return(func, t1, dtNs, null));
        enqueue(event, localsPreview, 112 + length(func), false);
    }

    void exception(Session s, String func, String typeName, String message) {
        Event event = event(EventType.EXCEPTION, Category.ERROR, Priority.NORMAL, nowNanos(), s.id(), s.traceId(),
                s.spanId(), null, new ExceptionEvent(func, typeName, message));
        enqueue(event, null, 112 + length(func) + length(typeName) + length(message), true);
    }

    void httpRequest(Session s, String method, String url, long t0, Map<String, String> headers, long bytesOut) {
        Event event = event(EventType.HTTP_REQUEST, Category.TRACE, Priority.NORMAL, t0, s.id(), s.traceId(),
                s.spanId(), null, new HttpRequest(method, url, t0, null, bytesOut < 0 ? null : bytesOut, null));
        enqueue(event, headers, 128 + length(url) + (headers == null ? 0 : 48 * headers.size()), false);
    }

    void httpResponse(Session s, String method, String url, int status, long dtNs, Map<String, String> headers,
            long bytesIn, String error) {
        response(s.id(), s, method, url, status, dtNs, headers, bytesIn, error);
    }

    private boolean response(String sessionId, Session s, String method, String url, int status, long dtNs,
            Map<String, String> headers, long bytesIn, String error) {
        long t1 = nowNanos();
        Event event = event(EventType.HTTP_RESPONSE, status >= 500 || error != null ? Category.ERROR : Category.TRACE,
                Priority.NORMAL, t1, sessionId, s == null ? null : s.traceId(), s == null ? null : s.spanId(), null,
                new HttpResponse(status, t1, dtNs, method, url, null, bytesIn < 0 ? null : bytesIn, error, null));
        return enqueue(event, headers, 128 + length(url) + length(error), status >= 500);
    }

    private Event event(EventType type, Category category, Priority priority, long tsNs, String sessionId,
            String traceId, String spanId, Map<String, String> attrs, Object payload) {
        return new Event("", type, category, priority, tsNs, config.service(), sessionId, traceId, spanId, attrs,
                payload, 1.0);
    }

    private boolean enqueue(Event event, Object json, int estimatedBytes, boolean alwaysKeep) {
        counters.received.increment();
        if (closed) {
            refusedAfterClose.incrementAndGet();
            counters.drop(DropReason.CLOSED, 1, System.currentTimeMillis());
            return false;
        }
        double rate = config.sampleRate();
        if (rate < 1.0 && !alwaysKeep && event.getPriority() != Priority.HIGH && event.getPriority() != Priority.CRITICAL) {
            String key = event.getSessionId();
            if (key == null ? ThreadLocalRandom.current().nextDouble() >= rate : !ConsistentSampling.keeps(key, rate)) {
                counters.sampledOut.increment();
                return false;
            }
            event.setSampleRate(rate);
        }
        return buffer.offer(new PendingEvent(event, json, estimatedBytes));
    }

    private void closeSpool() {
        if (spool != null) {
            try {
                spool.close();
            } catch (IOException e) {
                // every append was already flushed to the OS; closing only releases the file handle
            }
        }
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
