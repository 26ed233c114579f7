package io.tributary.export.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.core.ExportLoop;
import io.tributary.export.core.ExportWorker;
import io.tributary.runtime.service.Health;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards Tributary topics (default {@code events.sampled}) to an HTTP endpoint in batches of NDJSON,
 * compressed with gzip (default), zstd or nothing, and loses nothing: an {@link ExportWorker} whose sinks commit
 * a partition's offsets only once the endpoint accepted its events or they are durable in the dead-letter topic.
 *
 * <ul>
 *   <li>Within a partition one batch is in flight at a time, so events arrive in offset order; up to
 *       {@value HttpExportConfig#CONCURRENCY} partitions send at once.</li>
 *   <li>Every request carries an {@code Idempotency-Key} derived from topic, partition and the offsets of its
 *       first and last event: the same on every retry, and after a crash or rebalance, because the batch in
 *       flight is recorded in the commit metadata and re-formed exactly by the next owner.</li>
 *   <li>408, 429, 5xx (not 501) and network errors are retried with exponential backoff and full jitter
 *       (100 ms × 2 up to 30 s by default), honouring {@code Retry-After}; after
 *       {@value HttpExportConfig#RETRY_MAX_ELAPSED_MS} the batch blocks (default) or goes to the DLQ.</li>
 *   <li>413 splits the batch; 400, 422 and other rejections bisect it so that exactly the rejected events go to
 *       the dead-letter topic, with the status and a response snippet in their headers.</li>
 *   <li>401 and 403 pause the partition and set {@link #health()} to {@link Health.Status#DEGRADED}; the batch is
 *       retried every {@value HttpExportConfig#AUTH_RETRY_MS} ms (a token file is re-read) and never
 *       dead-lettered. The token never appears in logs, metrics or exceptions.</li>
 * </ul>
 *
 * <pre>{@code
 * var config = HttpExportConfig.fromEnvironment(System.getenv(), Map.of());
 * try (var worker = HttpExportWorker.create(config, registry)) {
 *     worker.start();
 *     ... // until the process stops
 * }
 * }</pre>
 *
 * {@link #close()} lets batches in flight finish (up to {@value HttpExportConfig#SHUTDOWN_TIMEOUT_MS}), commits
 * what was delivered, leaves the group and stops the senders. Undelivered batches stay uncommitted.
 */
public final class HttpExportWorker extends ExportWorker {
    private static final Logger LOG = LoggerFactory.getLogger(HttpExportWorker.class);
    /** Records per poll unless the Kafka settings say otherwise. */
    private static final int MAX_POLL_RECORDS = 5000;
    /** What the loop may take to end beyond the wait for batches in flight. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    private HttpExportWorker(WorkerSettings settings, HttpExportMetrics metrics, HttpExportConfig config,
            BatchTransport transport, Sleeper sleeper, ExecutorService senders) {
        super(settings, metrics.shared(), deadLetters -> new HttpSinkFactory(
                new BatchSender(transport, new KafkaDeadLetterSink(deadLetters), config.compression(),
                        config.getInt(HttpExportConfig.ZSTD_LEVEL), config.getInt(HttpExportConfig.GZIP_LEVEL),
                        config.retryPolicy(), settings.clock(), sleeper,
                        () -> ThreadLocalRandom.current().nextDouble(), metrics),
                senders, config.batchLimits(), settings.clock()), List.of(() -> {
                    senders.shutdownNow();
                    senders.awaitTermination(10, TimeUnit.SECONDS);
                }));
    }

    /** A worker with its own meter registry. */
    public static HttpExportWorker create(HttpExportConfig config) {
        return create(config, new SimpleMeterRegistry());
    }

    /** A worker reporting to {@code registry}. */
    public static HttpExportWorker create(HttpExportConfig config, MeterRegistry registry) {
        return create(config, registry, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /** A worker timing batches and retries by {@code clock} and waiting with {@code sleeper}. */
    static HttpExportWorker create(HttpExportConfig config, MeterRegistry registry, Clock clock, Sleeper sleeper) {
        Objects.requireNonNull(config, "config");
        TokenSource token = config.tokenSource();
        BatchTransport transport = new JdkHttpTransport(config.endpoint(),
                Duration.ofMillis(config.getLong(HttpExportConfig.CONNECT_TIMEOUT_MS)),
                Duration.ofMillis(config.getLong(HttpExportConfig.REQUEST_TIMEOUT_MS)), config.compression(), token);
        ExecutorService senders = Executors.newFixedThreadPool(config.getInt(HttpExportConfig.CONCURRENCY),
                new SenderThreads());
        Duration shutdownTimeout = Duration.ofMillis(config.getLong(HttpExportConfig.SHUTDOWN_TIMEOUT_MS));
        ExportLoop.LoopSettings loop = new ExportLoop.LoopSettings(
                Duration.ofMillis(config.getLong(HttpExportConfig.POLL_TIMEOUT_MS)), Duration.ofSeconds(1),
                Duration.ofSeconds(30), shutdownTimeout);
        WorkerSettings settings = new WorkerSettings("http", config.getInt(HttpExportConfig.THREADS), config.topics(),
                config.topicNames(),
                config.getString(HttpExportConfig.DEFAULT_SERVICE),
                config.filter(),
                config.getString(HttpExportConfig.GROUP_ID), MAX_POLL_RECORDS, config.kafkaClientSettings(), loop,
                shutdownTimeout.plus(CLOSE_GRACE), clock);
        URI endpoint = config.endpoint();
        LOG.info("forwarding {} to {}://{}{} ({}, {}, concurrency {})", config.topics(), endpoint.getScheme(),
                endpoint.getAuthority(), endpoint.getPath(), config.compression().configName(), token,
                config.getInt(HttpExportConfig.CONCURRENCY));
        return new HttpExportWorker(settings, new HttpExportMetrics(registry), config, transport, sleeper, senders);
    }

    private static final class SenderThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "tributary-export-http-sender-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
