package io.tributary.console.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The components' own metrics and health: the processor, the file exporter and the HTTP exporter serve
 * Prometheus text and a health line, in this JVM ({@code tributary dev}) or at a URL ({@code tributary console
 * --component}). Each {@link #poll()} reads them all; the HTTP exporter's delivered events feed the flow.
 */
public final class ComponentMetrics {
    /** Where one component's metrics and health come from. */
    public record Source(String name, Supplier<String> metrics, Supplier<String> health) {
    }

    /** What the exports view shows of one exporter. */
    public record Exporter(String component, String exporter, String health, long written, long deadLettered,
            long retries, long pausedPartitions, long assignedPartitions, Map<String, Long> responses) {
    }

    private final List<Source> sources;
    private final Flow flow;
    private volatile List<Exporter> exporters = List.of();
    private volatile Map<String, String> health = Map.of();
    private long forwarded = -1;

    public ComponentMetrics(List<Source> sources, Flow flow) {
        this.sources = List.copyOf(sources);
        this.flow = flow;
    }

    /** The exporters seen at the last poll. */
    public List<Exporter> exporters() {
        return exporters;
    }

    /** Health line of every component, by name. */
    public Map<String, String> health() {
        return health;
    }

    /** Reads every source once. Called by one thread. */
    public void poll() {
        List<Exporter> found = new ArrayList<>();
        Map<String, String> healthNow = new TreeMap<>();
        for (Source s : sources) {
            String text;
            try {
                healthNow.put(s.name(), s.health().get().strip());
                text = s.metrics().get();
            } catch (RuntimeException e) {
                healthNow.put(s.name(), "UNREACHABLE " + e.getMessage());
                continue;
            }
            found.addAll(exporters(s.name(), healthNow.get(s.name()), PrometheusText.parse(text)));
        }
        exporters = found;
        health = healthNow;
        long delivered = found.stream().filter(e -> e.exporter().equals("http")).mapToLong(Exporter::written).sum();
        if (forwarded >= 0 && delivered > forwarded) {
            flow.add(Flow.Stage.FORWARDED, System.currentTimeMillis(), delivered - forwarded);
        }
        forwarded = delivered;
    }

    static List<Exporter> exporters(String component, String health, List<PrometheusText.Sample> samples) {
        Map<String, long[]> byExporter = new TreeMap<>();
        Map<String, Map<String, Long>> responses = new TreeMap<>();
        for (PrometheusText.Sample s : samples) {
            String exporter = s.labels().get("exporter");
            long v = (long) s.value();
            switch (s.name()) {
                case "tributary_export_records_written_total" -> counts(byExporter, exporter)[0] += v;
                case "tributary_export_records_dead_lettered_total" -> counts(byExporter, exporter)[1] += v;
                case "tributary_export_partitions_paused" -> counts(byExporter, exporter)[3] += v;
                case "tributary_export_partitions_assigned" -> counts(byExporter, exporter)[4] += v;
                case "tributary_export_http_retries_total" -> counts(byExporter, "http")[2] += v;
                case "tributary_export_http_responses_total" -> responses.computeIfAbsent("http", k -> new TreeMap<>())
                        .merge(s.labels().getOrDefault("status", "?"), v, Long::sum);
                default -> { }
            }
        }
        List<Exporter> list = new ArrayList<>();
        byExporter.forEach((exporter, c) -> list.add(new Exporter(component, exporter, health, c[0], c[1], c[2],
                c[3], c[4], responses.getOrDefault(exporter, Map.of()))));
        return list;
    }

    private static long[] counts(Map<String, long[]> byExporter, String exporter) {
        return byExporter.computeIfAbsent(exporter == null ? "?" : exporter, e -> new long[5]);
    }
}
