package io.tributary.cli;

import io.tributary.schema.kafka.Topics;
import io.tributary.sdk.TributaryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * The dev mode's one-line status: what was produced, processed, sampled, dead-lettered and exported, and how
 * far the exporter lags. Counts come from Kafka offsets and the export manifests, so they are what a user
 * could check by hand.
 */
final class StatusLine {
    private static final Pattern MANIFEST = Pattern.compile(".+\\+\\d+\\+(\\d+)-(\\d+)\\.json");

    private final Admin admin;
    private final Topics topics;
    private final int partitions;
    private final String processorGroup;
    private final String exportGroup;
    private final Path exportDir;
    private final TributaryClient demo;

    StatusLine(Admin admin, Topics topics, int partitions, String processorGroup, String exportGroup, Path exportDir,
            TributaryClient demo) {
        this.admin = admin;
        this.topics = topics;
        this.partitions = partitions;
        this.processorGroup = processorGroup;
        this.exportGroup = exportGroup;
        this.exportDir = exportDir;
        this.demo = demo;
    }

    String render() {
        try {
            long raw = Offsets.endOffsetSum(admin, topics.raw(), partitions);
            long processed = Offsets.committedSum(admin, processorGroup, topics.raw());
            long sampled = Offsets.endOffsetSum(admin, topics.sampled(), partitions);
            long dlq = Offsets.endOffsetSum(admin, topics.dlq(), partitions);
            long exportCommitted = Offsets.committedSum(admin, exportGroup, topics.sampled());
            long[] exported = exported();
            String produced = demo == null ? "-" : String.valueOf(demo.stats().sent());
            // Transaction markers take offsets too, so offset-based counts are upper bounds on record counts.
            return String.format("produced %s | raw %d | processed %d | sampled %d | dlq %d | exported %d events in %d flushes | export lag %d",
                    produced, raw, processed, sampled, dlq, exported[1], exported[0], Math.max(0, sampled - exportCommitted));
        } catch (Exception e) {
            return "status unavailable: " + TributaryCli.describe(e);
        }
    }

    /** {flushes, offsets covered} of the sampled topic's manifests. */
    private long[] exported() throws IOException {
        Path manifests = exportDir.resolve(topics.sampled()).resolve("_manifests");
        if (!Files.isDirectory(manifests)) {
            return new long[2];
        }
        AtomicLong flushes = new AtomicLong();
        AtomicLong events = new AtomicLong();
        try (Stream<Path> files = Files.list(manifests)) {
            files.forEach(f -> {
                Matcher m = MANIFEST.matcher(f.getFileName().toString());
                if (m.matches()) {
                    flushes.incrementAndGet();
                    events.addAndGet(Long.parseLong(m.group(2)) - Long.parseLong(m.group(1)) + 1);
                }
            });
        }
        return new long[] {flushes.get(), events.get()};
    }
}
