package io.tributary.export;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.file.FileSinkFactory;
import io.tributary.export.file.FileWriterOptions;
import io.tributary.export.loop.DeadLetterPublisher;
import io.tributary.export.loop.ExportLoop;
import io.tributary.export.loop.ExportMetrics;
import io.tributary.export.loop.Health;
import io.tributary.export.loop.RecordDecoder;
import io.tributary.runtime.service.Service;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Exports Tributary topics to files, exactly once: a consumer group member that writes each assigned
 * partition's records into time-partitioned files and publishes them in flushes recorded by manifests (see
 * {@link io.tributary.export.file.ExportLayout} for the layout and {@link io.tributary.export.verify} for the
 * check). Reads committed records only; undecodable records go to the dead-letter topic.
 *
 * <pre>{@code
 * var config = FileExportConfig.fromEnvironment(System.getenv(), Map.of());
 * try (var worker = FileExportWorker.create(config, registry)) {
 *     worker.start();
 *     ... // until the process stops
 * }
 * }</pre>
 *
 * {@link #close()} flushes the open flushes, commits and leaves the group; a worker that dies without closing
 * loses nothing, its successor resumes after the last manifest.
 */
public final class FileExportWorker implements Service {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final List<ExportLoop> loops;
    private final List<Thread> threads = new ArrayList<>();

    private FileExportWorker(List<ExportLoop> loops) {
        this.loops = List.copyOf(loops);
        for (int i = 0; i < loops.size(); i++) {
            threads.add(new Thread(loops.get(i), i == 0 ? "tributary-export-files" : "tributary-export-files-" + i));
        }
    }

    /** A worker with its own meter registry and the system clock. */
    public static FileExportWorker create(FileExportConfig config) {
        return create(config, new SimpleMeterRegistry(), Clock.systemUTC());
    }

    /** A worker reporting to {@code registry}. */
    public static FileExportWorker create(FileExportConfig config, MeterRegistry registry) {
        return create(config, registry, Clock.systemUTC());
    }

    /**
     * A worker reporting to {@code registry}, timing rotation by {@code clock}. It runs
     * {@link FileExportConfig#THREADS} loops, each with its own consumer in the group (so each owns whole
     * partitions, and the exactly-once argument is the one of several workers), decoder and dead-letter producer.
     */
    public static FileExportWorker create(FileExportConfig config, MeterRegistry registry, Clock clock) {
        Objects.requireNonNull(config, "config");
        ExportMetrics metrics = new ExportMetrics(registry, "files");
        FileWriterOptions options = new FileWriterOptions(config.layout(), config.format(), config.rotation(),
                config.getInt(FileExportConfig.MAX_OPEN_FILES), config.filterDescription(), clock);
        ExportLoop.LoopSettings settings = new ExportLoop.LoopSettings(
                Duration.ofMillis(config.getLong(FileExportConfig.POLL_TIMEOUT_MS)),
                Duration.ofMillis(config.getLong(FileExportConfig.RETRY_BACKOFF_MS)),
                Duration.ofMillis(config.getLong(FileExportConfig.RETRY_BACKOFF_MAX_MS)));
        List<ExportLoop> loops = new ArrayList<>();
        for (int i = 0; i < config.getInt(FileExportConfig.THREADS); i++) {
            DeadLetterPublisher deadLetters = new DeadLetterPublisher(
                    new KafkaProducer<>(producerSettings(config), new ByteArraySerializer(),
                            new ByteArraySerializer()),
                    config.topicNames().dlq());
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings(config),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            loops.add(new ExportLoop(consumer, config.topics(),
                    new RecordDecoder(config.topicNames(), config.getString(FileExportConfig.DEFAULT_SERVICE)),
                    config.filter(), deadLetters, new FileSinkFactory(options, metrics, deadLetters::ensureDelivered),
                    metrics, settings, clock));
        }
        ExportLoop.registerGauges(metrics, loops);
        return new FileExportWorker(loops);
    }

    private static Map<String, Object> consumerSettings(FileExportConfig config) {
        Map<String, Object> settings = config.kafkaClientSettings();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(FileExportConfig.GROUP_ID));
        settings.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // Offsets are committed by the loop after each manifest, never automatically.
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return settings;
    }

    private static Map<String, Object> producerSettings(FileExportConfig config) {
        Map<String, Object> settings = config.kafkaClientSettings();
        settings.keySet().removeIf(key -> ConsumerConfig.configNames().contains(key)
                && !ProducerConfig.configNames().contains(key));
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return settings;
    }

    /** Starts consuming, one dedicated thread per loop. */
    @Override
    public void start() {
        threads.forEach(Thread::start);
    }

    /**
     * Current health: DOWN before {@link #start()}, DEGRADED while a partition cannot write (it is paused and
     * retried with backoff) or after a loop stopped on an unexpected error, else UP.
     */
    @Override
    public io.tributary.runtime.service.Health health() {
        if (threads.get(0).getState() == Thread.State.NEW) {
            return io.tributary.runtime.service.Health.down("file export not started");
        }
        return ExportLoop.health(loops) == Health.HEALTHY ? io.tributary.runtime.service.Health.up()
                : io.tributary.runtime.service.Health.degraded("file export: a partition cannot write (full disk, "
                        + "unwritable directory) and is retried with backoff, or a loop stopped on an error");
    }

    /** True while every one of the worker's threads runs. */
    public boolean isRunning() {
        return threads.stream().allMatch(Thread::isAlive);
    }

    /** {@link #close(Duration)} waiting up to a minute. */
    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }

    /**
     * Flushes and publishes what is open, commits, leaves the group and waits up to {@code timeout} in all for
     * the threads.
     *
     * @return true when every thread ended in time
     */
    @Override
    public boolean close(Duration timeout) {
        loops.forEach(ExportLoop::shutdown);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Thread thread : threads) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (thread.isAlive() && left > 0) {
                    thread.join(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
