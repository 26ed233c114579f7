package io.tributary.export.range;

import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.FormatOptions;
import io.tributary.export.storage.Storage;
import io.tributary.schema.Category;
import io.tributary.schema.EventType;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.kafka.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Options of a {@link RangeExport}. Every setter checks its argument and throws
 * {@link IllegalArgumentException} (or {@link NullPointerException}) naming the offending value.
 */
public final class RangeExportBuilder {
    Map<String, Object> kafkaSettings;
    Topics topicNames = Topics.defaults();
    List<String> topics;
    Instant from;
    Instant to;
    Duration lateness = Duration.ofMinutes(5);
    Set<String> types = Set.of();
    Set<String> categories = Set.of();
    Set<String> sessions = Set.of();
    ExportFormat format = ExportFormat.of("ndjson", FormatOptions.defaults());
    Path out;
    Storage storage;
    long rotateEvents = 100_000;
    long rotateBytes = 128L * 1024 * 1024;
    int maxOpenFiles = 8;
    Path stateFile;
    ExportState resumeFrom;
    ExportProgress progress = ExportProgress.NONE;
    Clock clock = Clock.systemUTC();
    Duration requestTimeout = Duration.ofSeconds(30);
    Duration idleTimeout = Duration.ofSeconds(60);
    String defaultService = DecodeContext.UNKNOWN_SERVICE;

    RangeExportBuilder() {
    }

    /** Kafka consumer settings; {@code bootstrap.servers} is required, security settings pass through. */
    public RangeExportBuilder kafkaSettings(Map<String, ?> settings) {
        if (!settings.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("kafkaSettings lack bootstrap.servers");
        }
        this.kafkaSettings = Map.copyOf(settings);
        return this;
    }

    /** Topic names under this prefix decide how a topic's records decode (default {@link Topics#defaults()}). */
    public RangeExportBuilder topicNames(Topics topicNames) {
        this.topicNames = Objects.requireNonNull(topicNames, "topicNames");
        return this;
    }

    /** The topics to export (default: the sampled events topic of {@link #topicNames}). */
    public RangeExportBuilder topics(List<String> topics) {
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("topics must not be empty");
        }
        this.topics = List.copyOf(new LinkedHashSet<>(topics));
        return this;
    }

    /** Earliest event time exported, inclusive (default: no bound). */
    public RangeExportBuilder from(Instant from) {
        this.from = from;
        return this;
    }

    /** Event time bound, exclusive (default: no bound; the end offsets when the export starts). */
    public RangeExportBuilder to(Instant to) {
        this.to = to;
        return this;
    }

    /**
     * How far record timestamps may lie from event times (delivery delay, spooling, clock skew): records
     * timestamped up to this much outside {@code [from, to)} are read, then filtered by event time. Events
     * that reached Kafka later than this after {@code to} are not exported. Default 5 minutes.
     */
    public RangeExportBuilder lateness(Duration lateness) {
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("lateness must not be negative, got " + lateness);
        }
        this.lateness = lateness;
        return this;
    }

    /** Event types to export, e.g. {@code call}, {@code exception}, case-insensitive (default: all). */
    public RangeExportBuilder types(Set<String> types) {
        this.types = names(types, EventType.values(), "event type");
        return this;
    }

    /** Categories to export, e.g. {@code error}, case-insensitive (default: all). */
    public RangeExportBuilder categories(Set<String> categories) {
        this.categories = names(categories, Category.values(), "category");
        return this;
    }

    /** Session ids to export (default: all). */
    public RangeExportBuilder sessions(Set<String> sessions) {
        this.sessions = Set.copyOf(sessions);
        return this;
    }

    /** File format and compression (default NDJSON with zstd). */
    public RangeExportBuilder format(ExportFormat format) {
        this.format = Objects.requireNonNull(format, "format");
        return this;
    }

    /** The export directory; topic directories are created below it. Required. */
    public RangeExportBuilder out(Path out) {
        this.out = out.toAbsolutePath().normalize();
        this.storage = null;
        return this;
    }

    /**
     * Exports to {@code storage} instead of a directory, e.g. an {@link io.tributary.export.storage.s3.S3Storage}
     * (the caller closes it); the result's {@link RangeExportResult#outDir()} is then null. Replaces
     * {@link #out(Path)}.
     */
    public RangeExportBuilder out(Storage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.out = null;
        return this;
    }

    /** Records per flush, i.e. at most per data file (default 100,000). */
    public RangeExportBuilder rotateEvents(long rotateEvents) {
        if (rotateEvents < 1) {
            throw new IllegalArgumentException("rotateEvents must be at least 1, got " + rotateEvents);
        }
        this.rotateEvents = rotateEvents;
        return this;
    }

    /** Bytes per flush, compressed (default 128 MiB). */
    public RangeExportBuilder rotateBytes(long rotateBytes) {
        if (rotateBytes < 1) {
            throw new IllegalArgumentException("rotateBytes must be at least 1, got " + rotateBytes);
        }
        this.rotateBytes = rotateBytes;
        return this;
    }

    /** Data files open at once, one per hour directory (default 8). */
    public RangeExportBuilder maxOpenFiles(int maxOpenFiles) {
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("maxOpenFiles must be at least 1, got " + maxOpenFiles);
        }
        this.maxOpenFiles = maxOpenFiles;
        return this;
    }

    /**
     * Makes the export incremental: start at the offsets this file records (a missing file is a first run)
     * and replace it atomically when the export is durable. Default: not incremental.
     */
    public RangeExportBuilder stateFile(Path stateFile) {
        this.stateFile = stateFile;
        return this;
    }

    /**
     * Makes the export incremental from a state the caller keeps (and stores itself, from
     * {@link RangeExportResult#nextState()}); ignored when a {@link #stateFile} is set.
     */
    public RangeExportBuilder resumeFrom(ExportState state) {
        this.resumeFrom = state;
        return this;
    }

    /** Progress reports (default none). */
    public RangeExportBuilder progress(ExportProgress progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    /** Clock of manifest and state timestamps (default UTC system clock). */
    public RangeExportBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Bound of each metadata request to Kafka (default 30 s). */
    public RangeExportBuilder requestTimeout(Duration requestTimeout) {
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        return this;
    }

    /** How long reading may make no progress before the export fails (default 60 s). */
    public RangeExportBuilder idleTimeout(Duration idleTimeout) {
        this.idleTimeout = positive(idleTimeout, "idleTimeout");
        return this;
    }

    /** Service named in events whose JSON lacks one (default {@code unknown}). */
    public RangeExportBuilder defaultService(String defaultService) {
        this.defaultService = Objects.requireNonNull(defaultService, "defaultService");
        return this;
    }

    /**
     * The export.
     *
     * @throws IllegalArgumentException when a required option is missing or {@code from} is not before
     *     {@code to}
     */
    public RangeExport build() {
        if (kafkaSettings == null) {
            throw new IllegalArgumentException("kafkaSettings are required");
        }
        if (out == null && storage == null) {
            throw new IllegalArgumentException("out is required");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (topics == null) {
            topics = List.of(topicNames.sampled());
        }
        return new RangeExport(this);
    }

    private static Duration positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }

    private static Set<String> names(Set<String> given, Enum<?>[] known, String what) {
        Set<String> result = new LinkedHashSet<>();
        for (String name : given) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            boolean valid = Arrays.stream(known).anyMatch(k -> k.name().toLowerCase(Locale.ROOT).equals(n));
            if (!valid) {
                throw new IllegalArgumentException("unknown " + what + " '" + name + "', expected one of "
                        + Arrays.stream(known).map(k -> k.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", ")));
            }
            result.add(n);
        }
        return Set.copyOf(result);
    }
}
