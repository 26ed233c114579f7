package io.tributary.export.file;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.core.ExportLoop;
import io.tributary.export.core.ExportMetrics;
import io.tributary.export.core.ExportWorker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Exports Tributary topics to files, exactly once: an {@link ExportWorker} whose sinks write each assigned
 * partition's records into time-partitioned files and publish them in flushes recorded by manifests (see
 * {@link ExportLayout} for the layout and {@link io.tributary.export.verify} for the check). Reads committed
 * records only; undecodable records go to the dead-letter topic.
 *
 * <pre>{@code
 * var config = FileExportConfig.fromEnvironment(System.getenv(), Map.of());
 * try (var worker = FileExportWorker.create(config, registry)) {
 *     worker.start();
 *     ... // until the process stops
 * }
 * }</pre>
 *
 * {@link #close()} flushes the open flushes, commits and leaves the group (waiting up to a minute); a worker
 * that dies without closing loses nothing, its successor resumes after the last manifest.
 */
public final class FileExportWorker extends ExportWorker {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    /** Records per poll unless the Kafka settings say otherwise. */
    private static final int MAX_POLL_RECORDS = 2000;

    private FileExportWorker(WorkerSettings settings, ExportMetrics metrics, FileWriterOptions options) {
        super(settings, metrics, deadLetters -> new FileSinkFactory(options, metrics, deadLetters), List.of());
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
        FileWriterOptions options = new FileWriterOptions(config.layout(), config.format(), config.rotation(),
                config.getInt(FileExportConfig.MAX_OPEN_FILES), config.filterDescription(), clock);
        ExportLoop.LoopSettings loop = new ExportLoop.LoopSettings(
                Duration.ofMillis(config.getLong(FileExportConfig.POLL_TIMEOUT_MS)),
                Duration.ofMillis(config.getLong(FileExportConfig.RETRY_BACKOFF_MS)),
                Duration.ofMillis(config.getLong(FileExportConfig.RETRY_BACKOFF_MAX_MS)), Duration.ZERO);
        WorkerSettings settings = new WorkerSettings("files", config.getInt(FileExportConfig.THREADS),
                config.topics(), config.topicNames(), config.getString(FileExportConfig.DEFAULT_SERVICE),
                config.filter(), config.getString(FileExportConfig.GROUP_ID), MAX_POLL_RECORDS,
                config.kafkaClientSettings(), loop, CLOSE_TIMEOUT, clock);
        return new FileExportWorker(settings, new ExportMetrics(registry, "files"), options);
    }
}
