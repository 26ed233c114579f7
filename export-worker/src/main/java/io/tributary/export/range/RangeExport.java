package io.tributary.export.range;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.file.FileExportConfig;
import io.tributary.export.file.ExportLayout;
import io.tributary.export.file.FileWriterOptions;
import io.tributary.export.file.PartitionWriter;
import io.tributary.export.file.RotationPolicy;
import io.tributary.export.core.ExportMetrics;
import io.tributary.export.core.RecordDecoder;
import io.tributary.export.core.RecordFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Exports what topics hold between two times, or since the last incremental run, into files with the same
 * layout, formats, manifests and SHA-256 checksums as the file export worker, so {@code tributary verify}
 * accepts the result.
 *
 * <p>Offsets come from the record timestamps ({@code offsetsForTimes}); the filters then keep exactly the
 * events whose event time lies in {@code [from, to)} and that match the type, category and session filters.
 * Record timestamps are when Kafka received an event, usually a little after its event time, so the bounds are
 * widened by a {@linkplain RangeExportBuilder#lateness lateness} margin. Partitions are read one after another, each
 * through a {@link PartitionWriter} that rotates files by events and bytes: memory does not grow with the range
 * or the number of partitions. Only committed records are read ({@code isolation.level=read_committed}).
 *
 * <p>Incremental runs ({@link RangeExportBuilder#stateFile}) start exactly at the offsets the state file records (a first
 * run at {@code from}, else at the log start) and end at the end offsets taken when the run starts; after the
 * files and manifests are durable the state file is replaced atomically. A run that fails leaves the state file
 * as it was; published manifests in the output directory take precedence over it on the next run, so no offset
 * is exported twice.
 *
 * <pre>{@code
 * RangeExportResult result = RangeExport.builder()
 *         .kafkaSettings(Map.of("bootstrap.servers", "localhost:9092"))
 *         .from(Instant.parse("2025-11-22T08:00:00Z")).to(Instant.parse("2025-11-22T09:00:00Z"))
 *         .types(Set.of("exception"))
 *         .out(Path.of("exports/errors"))
 *         .build()
 *         .run();
 * System.out.println(result.summary());
 * }</pre>
 *
 * <p>{@link #run()} runs on the calling thread; {@link #cancel()} may be called from any thread.
 */
public final class RangeExport {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final RangeExportBuilder b;
    private final RecordFilter filter;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    RangeExport(RangeExportBuilder b) {
        this.b = b;
        this.filter = new RecordFilter(b.from, b.to, b.categories, b.types, b.sessions);
    }

    /** A builder; {@link RangeExportBuilder#kafkaSettings} and {@link RangeExportBuilder#out} are required. */
    public static RangeExportBuilder builder() {
        return new RangeExportBuilder();
    }

    /**
     * Runs the export.
     *
     * @return what was exported
     * @throws RangeExportException when Kafka cannot be read, a topic does not exist, the output cannot be
     *     written, or the export was {@linkplain #cancel() cancelled}
     */
    public RangeExportResult run() {
        ExportState previous = b.stateFile != null ? ExportState.load(b.stateFile) : b.resumeFrom;
        boolean incremental = previous != null;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ExportMetrics metrics = new ExportMetrics(registry, "range");
        ExportLayout layout = b.storage != null ? new ExportLayout(b.storage, List.of())
                : new ExportLayout(b.out, List.of());
        FileWriterOptions options = new FileWriterOptions(layout, b.format,
                new RotationPolicy(b.rotateEvents, b.rotateBytes, Duration.ofDays(365)), b.maxOpenFiles,
                filterDescription(), b.clock);
        RecordDecoder decoder = new RecordDecoder(b.topicNames, b.defaultService);
        Map<TopicPartition, PartitionWriter> writers = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerSettings(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            if (cancelled.get()) {
                throw new RangeExportException("export cancelled");
            }
            RangePlanner planner = new RangePlanner(c, b.requestTimeout);
            List<TopicPartition> partitions = planner.partitions(b.topics);
            Map<TopicPartition, OptionalLong> published = new HashMap<>();
            for (TopicPartition tp : partitions) {
                PartitionWriter writer = new PartitionWriter(tp.topic(), tp.partition(), decoder.kindOf(tp.topic()),
                        options, metrics, () -> { });
                writers.put(tp, writer);
                published.put(tp, writer.recover());
            }
            checkOutputFree(incremental, published);
            List<PartitionRange> ranges = planner.plan(partitions,
                    tp -> resumeAt(previous, published.get(tp), tp), b.from, b.to, b.lateness);
            List<RangeExportResult.PartitionResult> results = readAll(c, decoder, ranges, writers);
            ExportState next = (previous == null ? ExportState.empty() : previous).advancedTo(ExportState.of(
                    results.stream().collect(Collectors.toMap(
                            r -> new TopicPartition(r.topic(), r.partition()),
                            RangeExportResult.PartitionResult::nextOffset))));
            boolean written = false;
            if (b.stateFile != null) {
                next.write(b.stateFile, b.clock.instant());
                written = true;
            }
            return new RangeExportResult(b.out, results, next, written,
                    (long) sum(registry, "tributary.export.bytes.written"),
                    (long) sum(registry, "tributary.export.flushes"));
        } catch (WakeupException e) {
            throw new RangeExportException("export cancelled", e);
        } catch (KafkaException e) {
            throw new RangeExportException("cannot read from Kafka at " + b.kafkaSettings.get(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + e.getMessage(), e);
        } finally {
            writers.values().forEach(PartitionWriter::close); // lets a worker or a later export have them
            consumer = null;
            b.progress.finished();
        }
    }

    /** Stops a running export soon, making {@link #run()} throw; what it published so far stays valid. */
    public void cancel() {
        cancelled.set(true);
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private List<RangeExportResult.PartitionResult> readAll(KafkaConsumer<byte[], byte[]> c, RecordDecoder decoder,
            List<PartitionRange> ranges, Map<TopicPartition, PartitionWriter> writers) {
        long total = ranges.stream().mapToLong(PartitionRange::size).sum();
        b.progress.started(total);
        PartitionReader reader = new PartitionReader(c, decoder, filter, POLL_TIMEOUT, b.idleTimeout, b.clock,
                cancelled::get);
        List<RangeExportResult.PartitionResult> results = new ArrayList<>();
        long[] before = {0, 0};
        for (PartitionRange range : ranges) {
            TopicPartition tp = range.partition();
            PartitionWriter writer = writers.get(tp);
            writer.begin(range.start());
            PartitionReader.Counts counts = new PartitionReader.Counts();
            if (range.size() > 0) {
                try {
                    counts = reader.read(range, writer,
                            (read, exported) -> b.progress.advanced(before[0] + read, before[1] + exported));
                } catch (RuntimeException e) {
                    writer.abort();
                    throw e instanceof RangeExportException || e instanceof KafkaException ? e
                            : new RangeExportException("cannot export " + tp + ": " + e.getMessage(), e);
                }
            }
            OptionalLong committed = writer.takeCommitOffset();
            results.add(new RangeExportResult.PartitionResult(tp.topic(), tp.partition(), range.start(),
                    range.end(), committed.orElse(range.start()), counts.exported, counts.skipped,
                    counts.undecodable, range.lostOffsets()));
            before[0] += range.size();
            before[1] += counts.exported;
            b.progress.advanced(before[0], before[1]);
        }
        return results;
    }

    /**
     * Where a partition resumes: the state's next offset, moved forward to the end of manifests this output
     * already holds (a run that published them and then failed before writing the state).
     */
    private static OptionalLong resumeAt(ExportState previous, OptionalLong published, TopicPartition tp) {
        if (previous == null) {
            return OptionalLong.empty();
        }
        OptionalLong state = previous.nextOffset(tp);
        if (state.isEmpty()) {
            return published;
        }
        return published.isEmpty() ? state : OptionalLong.of(Math.max(state.getAsLong(), published.getAsLong()));
    }

    private String where() {
        return b.storage != null ? b.storage.locate("") : b.out.toString();
    }

    private void checkOutputFree(boolean incremental, Map<TopicPartition, OptionalLong> published) {
        if (incremental) {
            return;
        }
        published.forEach((tp, next) -> {
            if (next.isPresent()) {
                throw new RangeExportException(where() + " already holds an export of " + tp + " (up to offset "
                        + (next.getAsLong() - 1) + "); export into an empty directory, or continue it with an "
                        + "incremental export");
            }
        });
    }

    private Map<String, Object> consumerSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-export-range");
        settings.putAll(b.kafkaSettings);
        // Offsets are the export's own business: never committed to, or reset by, a consumer group.
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) b.requestTimeout.toMillis());
        return settings;
    }

    private Map<String, String> filterDescription() {
        Map<String, String> filters = new TreeMap<>();
        if (b.from != null) {
            filters.put(FileExportConfig.FILTER_FROM, b.from.toString());
        }
        if (b.to != null) {
            filters.put(FileExportConfig.FILTER_TO, b.to.toString());
        }
        putList(filters, FileExportConfig.FILTER_CATEGORIES, b.categories);
        putList(filters, FileExportConfig.FILTER_TYPES, b.types);
        putList(filters, FileExportConfig.FILTER_SESSIONS, b.sessions);
        return filters;
    }

    private static void putList(Map<String, String> filters, String key, Set<String> values) {
        if (!values.isEmpty()) {
            filters.put(key, values.stream().sorted().collect(Collectors.joining(",")));
        }
    }

    private static double sum(SimpleMeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
