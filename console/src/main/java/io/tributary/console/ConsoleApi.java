package io.tributary.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.tributary.console.watch.DeadLetters;
import io.tributary.console.watch.Flow;
import io.tributary.console.watch.Flow.Stage;
import io.tributary.console.watch.LagMonitor;
import io.tributary.console.watch.LiveTail;
import io.tributary.console.watch.MetricWindows;
import io.tributary.console.watch.RateSeries;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.SessionSummary;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The JSON behind each view of the console, rendered from a {@link Console}'s model. Values from event data go
 * out as JSON strings; the page shows them as text, never as markup. The exports and sampling views are in
 * {@link ExportsApi} and {@link SamplingApi}. Before the console starts, lag is empty and nothing counts as
 * processed.
 */
public final class ConsoleApi {
    /** Sparkline buckets: 90 of 10 s, the last 15 minutes. */
    static final int SPARK_BUCKETS = 90;
    static final int SPARK_SECONDS = 10;
    /** Most window keys and sessions sent at once. */
    static final int MAX_ROWS = 500;

    private final Console console;
    private final ObjectMapper json = new ObjectMapper();
    private final ExportsApi exports;
    private final SamplingApi sampling;

    public ConsoleApi(Console console) {
        this.console = console;
        this.exports = new ExportsApi(console, json);
        this.sampling = new SamplingApi(console, json);
    }

    ObjectMapper mapper() {
        return json;
    }

    ExportsApi exports() {
        return exports;
    }

    SamplingApi sampling() {
        return sampling;
    }

    /** Every view but the tail and the window history: what the page receives each second. */
    public ObjectNode snapshot(long nowMs) {
        ObjectNode root = json.createObjectNode();
        root.put("now", nowMs);
        root.put("health", console.health().toString());
        root.set("components", json.valueToTree(console.components().health()));
        root.set("flow", flow(nowMs));
        root.set("lag", lag());
        root.set("dlq", deadLetters());
        root.set("sampling", sampling.view());
        root.set("windows", windows());
        root.set("sessions", sessions());
        root.set("exports", exports.view());
        return root;
    }

    /** Events per stage: totals since the console's start time, rate over the last 10 s, sparkline. */
    public ObjectNode flow(long nowMs) {
        Flow flow = console.flow();
        long raw = flow.get(Stage.RAW).total();
        long dlq = flow.get(Stage.DLQ).total();
        long kept = flow.get(Stage.KEPT).total();
        long valid = Math.max(0, Math.min(raw, processedRaw()) - dlq);
        ObjectNode root = json.createObjectNode();
        root.put("since", console.sinceMs());
        root.put("sparkSeconds", SPARK_SECONDS);
        ArrayNode stages = root.putArray("stages");
        long[] rawLine = spark(flow.get(Stage.RAW), nowMs);
        long[] validLine = minus(rawLine, spark(flow.get(Stage.DLQ), nowMs));
        stage(stages, "raw", "raw in", raw, flow.get(Stage.RAW).rate(nowMs, 10), rawLine);
        stage(stages, "valid", "valid", valid, rate(validLine), validLine);
        stage(stages, "dlq", "dead letters", dlq, flow.get(Stage.DLQ).rate(nowMs, 10), spark(flow.get(Stage.DLQ), nowMs));
        long[] keptLine = spark(flow.get(Stage.KEPT), nowMs);
        stage(stages, "kept", "sampled: kept", kept, flow.get(Stage.KEPT).rate(nowMs, 10), keptLine);
        long[] droppedLine = minus(validLine, keptLine);
        stage(stages, "dropped", "sampled: dropped", Math.max(0, valid - kept), rate(droppedLine), droppedLine);
        series(stages, "exported", "exported to files", flow.get(Stage.EXPORTED), nowMs);
        series(stages, "forwarded", "forwarded over HTTP", flow.get(Stage.FORWARDED), nowMs);
        series(stages, "dlq_export", "dead letters from exporters", flow.get(Stage.DLQ_EXPORT), nowMs);
        return root;
    }

    /** Raw records the processor has consumed since the start offsets of the console's reading. */
    private long processedRaw() {
        if (console.lag() == null) {
            return 0;
        }
        Map<TopicPartition, Long> committed = console.lag().committed(ConsoleSettings.PROCESSOR);
        long processed = 0;
        for (Map.Entry<TopicPartition, Long> start : console.watcher().startOffsets().entrySet()) {
            Long c = committed.get(start.getKey());
            if (start.getKey().topic().equals(console.settings().topics().raw()) && c != null) {
                processed += Math.max(0, c - start.getValue());
            }
        }
        return processed;
    }

    private void series(ArrayNode stages, String id, String label, RateSeries s, long nowMs) {
        stage(stages, id, label, s.total(), s.rate(nowMs, 10), spark(s, nowMs));
    }

    private static long[] spark(RateSeries s, long nowMs) {
        return s.sparkline(nowMs, SPARK_SECONDS, SPARK_BUCKETS);
    }

    private static long[] minus(long[] a, long[] b) {
        long[] d = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = Math.max(0, a[i] - b[i]);
        }
        return d;
    }

    /** Rate over the last full sparkline bucket. */
    private static double rate(long[] line) {
        return line.length < 2 ? 0 : line[line.length - 2] / (double) SPARK_SECONDS;
    }

    private void stage(ArrayNode stages, String id, String label, long total, double rate, long[] line) {
        ObjectNode s = stages.addObject();
        s.put("id", id);
        s.put("label", label);
        s.put("total", total);
        s.put("rate", Math.round(rate * 10) / 10.0);
        ArrayNode spark = s.putArray("sparkline");
        for (long v : line) {
            spark.add(v);
        }
    }

    /** Lag of each consumer group, per partition, in records and time, with trend and time to drain. */
    public ArrayNode lag() {
        ArrayNode groups = json.createArrayNode();
        if (console.lag() == null) {
            return groups;
        }
        for (LagMonitor.GroupLag g : console.lag().latest().values()) {
            ObjectNode node = groups.addObject();
            node.put("role", g.role());
            node.put("group", g.group());
            node.put("records", g.records());
            putNullable(node, "timeLagMs", g.timeLagMs());
            if (g.drainSeconds() == null) {
                node.putNull("drainSeconds");
            } else {
                node.put("drainSeconds", Math.round(g.drainSeconds()));
            }
            ArrayNode trend = node.putArray("trend");
            g.trend().forEach(p -> trend.add(p.lag()));
            node.set("partitions", json.valueToTree(g.partitions()));
        }
        return groups;
    }

    /** The reasons histogram and the latest dead letters, each with a kcat command that fetches it. */
    public ObjectNode deadLetters() {
        DeadLetters dl = console.deadLetters();
        ObjectNode root = json.createObjectNode();
        root.set("reasons", json.valueToTree(dl.reasons()));
        ArrayNode latest = root.putArray("latest");
        String topic = console.settings().topics().dlq();
        for (DeadLetters.Entry e : dl.latest()) {
            ObjectNode node = json.valueToTree(e);
            node.put("kcat", "kcat -C -b " + console.settings().bootstrapServers() + " -t " + topic + " -p "
                    + e.partition() + " -o " + e.offset() + " -c 1 -f '%h\\n%s\\n'");
            latest.add(node);
        }
        return root;
    }

    /** The latest closed window of each key, most recent first. */
    public ArrayNode windows() {
        ArrayNode rows = json.createArrayNode();
        console.windows().series().stream()
                .sorted(Comparator.comparingLong((MetricWindows.Series s) -> s.latest().getWindowEndMs()).reversed()
                        .thenComparing(MetricWindows.Series::id))
                .limit(MAX_ROWS)
                .forEach(s -> {
                    ObjectNode row = window(s.latest());
                    row.put("id", s.id());
                    row.put("window", s.window());
                    row.put("windows", s.windows().size());
                    rows.add(row);
                });
        return rows;
    }

    /** Every window kept of one key, oldest first: what the page charts when a key is clicked. */
    public ArrayNode windowHistory(String id) {
        ArrayNode rows = json.createArrayNode();
        console.windows().series().stream().filter(s -> s.id().equals(id)).findFirst()
                .ifPresent(s -> s.windows().forEach(w -> rows.add(window(w))));
        return rows;
    }

    private ObjectNode window(MetricWindow w) {
        ObjectNode row = json.createObjectNode();
        row.put("service", w.getService());
        row.put("type", w.getEventType().name());
        row.put("name", w.getName());
        row.put("start", w.getWindowStartMs());
        row.put("end", w.getWindowEndMs());
        row.put("count", w.getCount());
        row.put("errors", w.getErrorCount());
        row.put("s1xx", w.getStatus1xx());
        row.put("s2xx", w.getStatus2xx());
        row.put("s3xx", w.getStatus3xx());
        row.put("s4xx", w.getStatus4xx());
        row.put("s5xx", w.getStatus5xx());
        putNullable(row, "p50", w.getP50Ns());
        putNullable(row, "p90", w.getP90Ns());
        putNullable(row, "p99", w.getP99Ns());
        putNullable(row, "max", w.getMaxNs());
        row.put("late", w.getLateCount());
        return row;
    }

    /** The latest session summaries, newest first. */
    public ArrayNode sessions() {
        ArrayNode rows = json.createArrayNode();
        List<SessionSummary> latest = console.sessions().latest();
        latest.stream().limit(MAX_ROWS).forEach(s -> {
            ObjectNode row = rows.addObject();
            row.put("sessionId", s.getSessionId());
            row.put("service", s.getService());
            row.put("tag", s.getTag());
            row.put("startNs", s.getStartNs());
            row.put("durationNs", s.getDurationNs());
            row.put("events", s.getEventCount());
            row.put("calls", s.getCalls());
            row.put("exceptions", s.getExceptions());
            row.put("httpCalls", s.getHttpCalls());
            row.put("errorStatuses", s.getErrorStatuses());
        });
        return rows;
    }

    /** Tail entries after {@code afterSeq}, oldest first, at most {@code max}. */
    public ArrayNode tail(long afterSeq, int max) {
        ArrayNode rows = json.createArrayNode();
        for (LiveTail.Entry e : console.tail().after(afterSeq, max)) {
            ObjectNode row = rows.addObject();
            row.put("seq", e.seq());
            row.put("timeMs", e.timeMs());
            row.put("partition", e.partition());
            row.put("offset", e.offset());
            row.put("type", e.type());
            row.put("service", e.service());
            row.put("sessionId", e.sessionId());
            row.putRawValue("event", new RawValue(e.json())); // already JSON: written as it is, not parsed again
        }
        return rows;
    }

    private static void putNullable(ObjectNode node, String field, Number value) {
        if (value == null) {
            node.putNull(field);
        } else if (value instanceof Double d) {
            node.put(field, d);
        } else {
            node.put(field, value.longValue());
        }
    }
}
