package io.tributary.cli;

import io.tributary.export.format.Compression;
import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.FormatOptions;
import io.tributary.export.range.ExportTimes;
import io.tributary.export.range.RangeExport;
import io.tributary.export.range.RangeExportBuilder;
import io.tributary.schema.kafka.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What to export and how: the options {@code export range} and {@code export schedule} share. */
final class ExportRangeOptions {
    @Option(names = "--from", paramLabel = "TIME",
            description = "Earliest event time, inclusive: an ISO-8601 instant (2025-11-22T08:00:00Z), a date "
                    + "(UTC midnight), now, or relative (-1h, -30m, -7d). Default: no bound.")
    String from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "Event time bound, exclusive, in the same forms. Default: everything in the topic when "
                    + "the export starts.")
    String to;

    @Option(names = "--type", split = ",", paramLabel = "TYPE",
            description = "Only these event types: session_start, call, return, exception, http_request, "
                    + "http_response, custom (repeatable or comma-separated; default: all).")
    List<String> types = new ArrayList<>();

    @Option(names = "--category", split = ",", paramLabel = "CATEGORY",
            description = "Only these categories: usage, performance, error, trace, custom (default: all).")
    List<String> categories = new ArrayList<>();

    @Option(names = "--session", split = ",", paramLabel = "ID", description = "Only these session ids (default: all).")
    List<String> sessions = new ArrayList<>();

    @Option(names = "--format", defaultValue = "ndjson",
            description = "ndjson, json, csv, avro or parquet (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--compression", defaultValue = "zstd", description = "zstd, gzip or none (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--topic", split = ",", paramLabel = "TOPIC",
            description = "sampled, raw, sessions, or a full topic name (repeatable; default: sampled).")
    List<String> topics = new ArrayList<>();

    @Option(names = "--lateness", paramLabel = "DURATION", defaultValue = "5m",
            description = "How long after its event time an event may have reached Kafka; records timestamped this "
                    + "much outside --from/--to are read too, then filtered by event time (default: ${DEFAULT-VALUE}).")
    String lateness;

    @Option(names = "--rotate-events", paramLabel = "N", defaultValue = "100000",
            description = "Events per data file at most (default: ${DEFAULT-VALUE}).")
    long rotateEvents;

    @Option(names = "--rotate-bytes", paramLabel = "BYTES", defaultValue = "134217728",
            description = "Bytes per data file, compressed, at about most (default: ${DEFAULT-VALUE}).")
    long rotateBytes;

    /**
     * A builder of the export these options describe.
     *
     * @throws CommandLine.ParameterException for a value that is not valid
     */
    RangeExportBuilder builder(KafkaOptions kafka, CommandLine commandLine, Instant now) {
        Topics names = kafka.topics();
        RangeExportBuilder b = RangeExport.builder()
                .kafkaSettings(kafka.clientSettings(commandLine))
                .topicNames(names)
                .topics(topicNames(names));
        checked(commandLine, "--from", () -> b.from(from == null ? null : ExportTimes.parseInstant(from, now)));
        checked(commandLine, "--to", () -> b.to(to == null ? null : ExportTimes.parseInstant(to, now)));
        checked(commandLine, "--lateness", () -> b.lateness(ExportTimes.parseDuration(lateness)));
        checked(commandLine, "--type", () -> b.types(new HashSet<>(types)));
        checked(commandLine, "--category", () -> b.categories(new HashSet<>(categories)));
        checked(commandLine, "--session", () -> b.sessions(new HashSet<>(sessions)));
        checked(commandLine, "--compression", () -> Compression.fromName(compression));
        checked(commandLine, "--format",
                () -> b.format(ExportFormat.of(format, FormatOptions.with(Compression.fromName(compression)))));
        checked(commandLine, "--rotate-events", () -> b.rotateEvents(rotateEvents));
        checked(commandLine, "--rotate-bytes", () -> b.rotateBytes(rotateBytes));
        return b;
    }

    /** Runs a setter, turning its {@link IllegalArgumentException} into a usage error naming the flag. */
    private static void checked(CommandLine commandLine, String flag, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, flag + ": " + e.getMessage());
        }
    }

    private List<String> topicNames(Topics names) {
        if (topics.isEmpty()) {
            return List.of(names.sampled());
        }
        List<String> result = new ArrayList<>();
        for (String t : topics) {
            switch (t.trim().toLowerCase(Locale.ROOT)) {
                case "sampled" -> result.add(names.sampled());
                case "raw" -> result.add(names.raw());
                case "sessions" -> result.add(names.sessions());
                default -> result.add(t.trim());
            }
        }
        return result;
    }
}
