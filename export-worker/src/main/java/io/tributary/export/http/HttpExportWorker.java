package io.tributary.export.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.loop.Health;
import io.tributary.export.loop.RecordDecoder;
import io.tributary.runtime.service.Service;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards Tributary topics (default {@code events.sampled}) to an HTTP endpoint in batches of NDJSON,
 * compressed with gzip (default), zstd or nothing, and loses nothing: a consumer group member that commits a
 * partition's offsets only once the endpoint accepted its events or they are durable in the dead-letter topic.
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
 *   <li>401 and 403 pause the partition and set {@link #health()} to {@link Health#DEGRADED}; the batch is
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
 */
public final class HttpExportWorker implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(HttpExportWorker.class);

    private final HttpExportLoop loop;
    private final ExecutorService senders;
    private final DeadLetterSink deadLetters;
    private final Thread thread;
    private final Duration shutdownTimeout;

    private HttpExportWorker(HttpExportLoop loop, ExecutorService senders, DeadLetterSink deadLetters,
            Duration shutdownTimeout) {
        this.loop = loop;
        this.senders = senders;
        this.deadLetters = deadLetters;
        this.shutdownTimeout = shutdownTimeout;
        this.thread = new Thread(loop, "tributary-export-http");
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
        HttpExportMetrics metrics = new HttpExportMetrics(registry);
        TokenSource token = config.tokenSource();
        BatchTransport transport = new JdkHttpTransport(config.endpoint(),
                Duration.ofMillis(config.getLong(HttpExportConfig.CONNECT_TIMEOUT_MS)),
                Duration.ofMillis(config.getLong(HttpExportConfig.REQUEST_TIMEOUT_MS)), config.compression(), token);
        DeadLetterSink deadLetters = new KafkaDeadLetterSink(
                new KafkaProducer<>(producerSettings(config), new ByteArraySerializer(), new ByteArraySerializer()),
                config.topicNames().dlq());
        BatchSender sender = new BatchSender(transport, deadLetters, config.compression(),
                config.getInt(HttpExportConfig.ZSTD_LEVEL), config.retryPolicy(), clock, sleeper,
                () -> ThreadLocalRandom.current().nextDouble(), metrics);
        ExecutorService senders = Executors.newFixedThreadPool(config.getInt(HttpExportConfig.CONCURRENCY),
                new SenderThreads());
        Duration shutdownTimeout = Duration.ofMillis(config.getLong(HttpExportConfig.SHUTDOWN_TIMEOUT_MS));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings(config),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        HttpExportLoop loop = new HttpExportLoop(consumer, config.topics(),
                new RecordDecoder(config.topicNames(), config.getString(HttpExportConfig.DEFAULT_SERVICE)), sender,
                senders, config.batchLimits(), Duration.ofMillis(config.getLong(HttpExportConfig.POLL_TIMEOUT_MS)),
                shutdownTimeout, clock, metrics);
        URI endpoint = config.endpoint();
        LOG.info("forwarding {} to {}://{}{} ({}, {}, concurrency {})", config.topics(), endpoint.getScheme(),
                endpoint.getAuthority(), endpoint.getPath(), config.compression().configName(), token,
                config.getInt(HttpExportConfig.CONCURRENCY));
        return new HttpExportWorker(loop, senders, deadLetters, shutdownTimeout);
    }

    private static Map<String, Object> consumerSettings(HttpExportConfig config) {
        Map<String, Object> settings = config.kafkaClientSettings();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(HttpExportConfig.GROUP_ID));
        settings.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        // Offsets move only after delivery or a dead-letter write, never automatically.
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return settings;
    }

    private static Map<String, Object> producerSettings(HttpExportConfig config) {
        Map<String, Object> settings = config.kafkaClientSettings();
        settings.keySet().removeIf(key -> ConsumerConfig.configNames().contains(key)
                && !ProducerConfig.configNames().contains(key));
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return settings;
    }

    /** Starts consuming on a dedicated thread. */
    @Override
    public void start() {
        thread.start();
    }

    /**
     * DOWN before {@link #start()}; DEGRADED while a partition's endpoint refuses the credentials, a batch is
     * blocked past the max elapsed retry time, or the loop stopped on an unexpected error; else UP.
     */
    @Override
    public io.tributary.runtime.service.Health health() {
        if (thread.getState() == Thread.State.NEW) {
            return io.tributary.runtime.service.Health.down("http export not started");
        }
        return loop.health() == Health.HEALTHY ? io.tributary.runtime.service.Health.up()
                : io.tributary.runtime.service.Health.degraded("http export: the endpoint refuses the credentials, "
                        + "a batch is blocked past " + HttpExportConfig.RETRY_MAX_ELAPSED_MS
                        + ", or the loop stopped on an error");
    }

    /** True while the worker's consumer thread runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** {@link #close(Duration)} waiting up to {@value HttpExportConfig#SHUTDOWN_TIMEOUT_MS} plus 40 s. */
    @Override
    public void close() {
        close(shutdownTimeout.plusSeconds(40));
    }

    /**
     * Lets batches in flight finish (up to {@value HttpExportConfig#SHUTDOWN_TIMEOUT_MS}), commits what was
     * delivered, leaves the group and stops the senders, waiting up to {@code timeout} in all. Undelivered
     * batches stay uncommitted.
     *
     * @return true when the consumer thread and the senders ended in time
     */
    @Override
    public boolean close(Duration timeout) {
        if (thread.getState() == Thread.State.NEW) {
            loop.closeUnstarted();
        }
        loop.shutdown();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (thread.isAlive()) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            senders.shutdownNow();
            return senders.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    && !thread.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            deadLetters.close();
        }
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
