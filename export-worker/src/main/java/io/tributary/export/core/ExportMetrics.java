package io.tributary.export.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters of an exporter, tagged by {@code topic} (and {@code exporter}, e.g. {@code files}):
 *
 * <ul>
 *   <li>{@code tributary.export.records.written} records written to the destination</li>
 *   <li>{@code tributary.export.records.skipped} records the filters dropped</li>
 *   <li>{@code tributary.export.records.dead.lettered} undecodable records sent to the dead-letter topic</li>
 *   <li>{@code tributary.export.flushes} flushes published (manifests, batches)</li>
 *   <li>{@code tributary.export.flush.failures} flush attempts that failed and will be retried</li>
 *   <li>{@code tributary.export.bytes.written} bytes of data files (or request bodies) written</li>
 * </ul>
 *
 * Thread-safe.
 */
public final class ExportMetrics {
    private final MeterRegistry registry;
    private final String exporter;
    private final Map<String, TopicCounters> byTopic = new ConcurrentHashMap<>();

    /** Counters registered in {@code registry} with tag {@code exporter=<exporter>}. */
    public ExportMetrics(MeterRegistry registry, String exporter) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.exporter = Objects.requireNonNull(exporter, "exporter");
    }

    /** The registry the counters live in. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The tag value of {@code exporter}. */
    public String exporter() {
        return exporter;
    }

    /** Counts records written. */
    public void written(String topic, long records, long bytes) {
        TopicCounters c = counters(topic);
        c.written.increment(records);
        c.bytes.increment(bytes);
        c.flushes.increment();
    }

    /** Counts one filtered record. */
    public void skipped(String topic) {
        counters(topic).skipped.increment();
    }

    /** Counts one dead-lettered record. */
    public void deadLettered(String topic) {
        counters(topic).deadLettered.increment();
    }

    /** Counts one failed flush attempt. */
    public void flushFailed(String topic) {
        counters(topic).failures.increment();
    }

    private TopicCounters counters(String topic) {
        return byTopic.computeIfAbsent(topic, TopicCounters::new);
    }

    private final class TopicCounters {
        final Counter written;
        final Counter bytes;
        final Counter flushes;
        final Counter skipped;
        final Counter deadLettered;
        final Counter failures;

        TopicCounters(String topic) {
            written = counter("tributary.export.records.written", topic, "records written to the destination");
            bytes = counter("tributary.export.bytes.written", topic, "bytes of exported data written");
            flushes = counter("tributary.export.flushes", topic, "flushes published");
            skipped = counter("tributary.export.records.skipped", topic, "records dropped by the filters");
            deadLettered = counter("tributary.export.records.dead.lettered", topic, "records sent to the DLQ");
            failures = counter("tributary.export.flush.failures", topic, "failed flush attempts");
        }

        private Counter counter(String name, String topic, String description) {
            return Counter.builder(name).description(description).tag("exporter", exporter).tag("topic", topic)
                    .register(registry);
        }
    }
}
