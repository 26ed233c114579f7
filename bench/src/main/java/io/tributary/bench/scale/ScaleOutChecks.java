package io.tributary.bench.scale;

import io.tributary.bench.scale.TopicOutputs.KeyedWindow;
import io.tributary.bench.scale.TopicOutputs.RawEvent;
import io.tributary.export.verify.VerifyReport;
import io.tributary.schema.SessionSummary;
import io.tributary.sdk.ClientStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The run's assertions, computed from what the load sent ({@link SentLedger}) and what the topics, the files
 * and the receiver hold; never from a component's own counters. Each check yields a {@link Check}.
 */
final class ScaleOutChecks {
    private static final int SHOWN = 10;

    /** One assertion: its name, whether it held, and what was found. */
    record Check(String name, boolean passed, String detail) {
    }

    private final SentLedger ledger;
    private final TopicOutputs outputs;
    private final List<Check> checks = new ArrayList<>();

    ScaleOutChecks(SentLedger ledger, TopicOutputs outputs) {
        this.ledger = ledger;
        this.outputs = outputs;
    }

    List<Check> checks() {
        return List.copyOf(checks);
    }

    /** The SDK clients dropped nothing and every invalid line reached Kafka, so the ledger is what Kafka got. */
    void load(List<ClientStats> stats) {
        long dropped = stats.stream().mapToLong(ClientStats::droppedTotal).sum();
        long sampledOut = stats.stream().mapToLong(ClientStats::sampledOut).sum();
        long pending = stats.stream().mapToLong(s -> s.pending() + s.spooled()).sum();
        add("load: nothing dropped by the senders", dropped == 0 && sampledOut == 0 && pending == 0
                && ledger.invalidFailures() == 0, "SDK dropped " + dropped + ", sampled out " + sampledOut
                + ", still pending " + pending + "; invalid lines not acknowledged " + ledger.invalidFailures());
    }

    /** events.raw holds each SDK event once and exactly the invalid lines besides. */
    void raw() {
        Map<String, RawEvent> raw = outputs.raw();
        add("raw: every event sent is in events.raw once", raw.size() == ledger.validEvents()
                && outputs.rawDuplicates() == 0 && outputs.rawOther() == ledger.invalidLines().size(),
                raw.size() + " distinct SDK events (sent " + ledger.validEvents() + "), " + outputs.rawDuplicates()
                        + " duplicates, " + outputs.rawOther() + " other records (invalid sent "
                        + ledger.invalidLines().size() + ")");
    }

    /** Per metric key, the counts of all its windows add up to the events sent with that key. */
    void metrics() {
        List<KeyedWindow> windows = outputs.metrics();
        Map<String, Long> counted = new HashMap<>();
        long late = 0;
        Map<String, Integer> perWindow = new HashMap<>();
        for (KeyedWindow w : windows) {
            counted.merge(w.key(), w.window().getCount(), Long::sum);
            late += w.window().getLateCount();
            perWindow.merge(w.key() + "@" + w.window().getWindowStartMs(), 1, Integer::sum);
        }
        Map<String, Long> expected = ledger.perKey();
        List<String> wrong = mismatches(expected, counted);
        long repeated = perWindow.values().stream().filter(n -> n > 1).count();
        add("metrics: window counts add up to the events sent, per key", wrong.isEmpty() && repeated == 0,
                expected.size() + " keys, " + windows.size() + " windows, " + counted.values().stream()
                        .mapToLong(Long::longValue).sum() + " counted of " + ledger.validEvents() + " sent; late_count "
                        + late + "; windows emitted twice " + repeated + (wrong.isEmpty() ? "" : "; wrong: " + wrong));
    }

    /** events.sampled has no duplicate and holds every exception, 5xx and high-priority event. */
    void sampling() {
        List<String> sampled = outputs.sampledIds();
        Map<String, RawEvent> raw = outputs.raw();
        Set<String> distinct = new HashSet<>(sampled);
        List<String> unknown = distinct.stream().filter(id -> !raw.containsKey(id)).limit(SHOWN).toList();
        List<String> mustKeep = raw.entrySet().stream().filter(e -> e.getValue().alwaysKept())
                .map(Map.Entry::getKey).toList();
        List<String> missing = mustKeep.stream().filter(id -> !distinct.contains(id)).toList();
        add("sampling: no duplicate, every exception and 5xx kept", distinct.size() == sampled.size()
                && unknown.isEmpty() && missing.isEmpty() && distinct.size() < raw.size(),
                sampled.size() + " sampled records, " + distinct.size() + " distinct, of " + raw.size()
                        + " valid; always-kept " + mustKeep.size() + ", missing " + missing.size() + " "
                        + first(missing) + "; not from raw " + unknown);
    }

    /** The DLQ holds exactly the invalid lines, each once. */
    void dlq() {
        List<String> wrong = mismatches(counts(ledger.invalidLines()), counts(outputs.dlqValues()));
        add("dlq: exactly the invalid events", wrong.isEmpty(), outputs.dlqValues().size() + " DLQ records, "
                + ledger.invalidLines().size() + " invalid sent" + (wrong.isEmpty() ? "" : "; wrong: " + wrong));
    }

    /** Every sampled event is in exactly one file row, verify passes and no offsets overlap. */
    void files(List<String> rowIds, VerifyReport verify) {
        Set<String> sampled = new HashSet<>(outputs.sampledIds());
        List<String> wrong = mismatches(sampled.stream().collect(Collectors.toMap(Function.identity(), id -> 1L)),
                counts(rowIds));
        long overlaps = verify.problems().stream().filter(p -> p.kind() == VerifyReport.Kind.OVERLAP).count();
        add("files: every sampled event in exactly one row, verify passes", wrong.isEmpty() && verify.ok()
                        && overlaps == 0,
                rowIds.size() + " rows for " + sampled.size() + " sampled events; verify: " + verify.problems().size()
                        + " problems (" + overlaps + " OVERLAP) " + verify.problems().stream().limit(SHOWN).toList()
                        + (wrong.isEmpty() ? "" : "; wrong: " + wrong));
    }

    /** The receiver got every sampled event; a duplicate only ever repeated an idempotency key. */
    void http(List<LoopbackReceiver.Delivery> deliveries, String token, long unreadable) {
        Set<String> sampled = new HashSet<>(outputs.sampledIds());
        Map<String, Set<String>> keysPerId = new HashMap<>();
        long copies = 0;
        long badAuth = 0;
        for (LoopbackReceiver.Delivery d : deliveries) {
            badAuth += Objects.equals(d.authorization(), "Bearer " + token) ? 0 : 1;
            for (String id : d.eventIds()) {
                keysPerId.computeIfAbsent(id, k -> new HashSet<>()).add(d.idempotencyKey());
                copies++;
            }
        }
        List<String> missing = sampled.stream().filter(id -> !keysPerId.containsKey(id)).limit(SHOWN).toList();
        List<String> extra = keysPerId.keySet().stream().filter(id -> !sampled.contains(id)).limit(SHOWN).toList();
        List<String> newKeyDuplicates = keysPerId.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey).limit(SHOWN).toList();
        add("http: every sampled event received, duplicates only under a repeated key", missing.isEmpty()
                && extra.isEmpty() && newKeyDuplicates.isEmpty() && badAuth == 0 && unreadable == 0,
                deliveries.size() + " requests, " + copies + " event copies, " + keysPerId.size() + " distinct of "
                        + sampled.size() + " sampled; duplicates " + (copies - keysPerId.size())
                        + "; missing " + missing + "; not sampled " + extra + "; duplicated under another key "
                        + newKeyDuplicates + "; bad Authorization " + badAuth + "; unreadable bodies " + unreadable);
    }

    /** One summary per session, matching what was sent. */
    void sessions() {
        Map<String, SentLedger.ExpectedSession> expected = ledger.sessions();
        Map<String, List<SessionSummary>> got = outputs.sessions().stream()
                .collect(Collectors.groupingBy(s -> s.getSessionId()));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, SentLedger.ExpectedSession> e : expected.entrySet()) {
            List<SessionSummary> summaries = got.getOrDefault(e.getKey(), List.of());
            SentLedger.ExpectedSession x = e.getValue();
            if (summaries.size() != 1) {
                wrong.add(e.getKey() + ": " + summaries.size() + " summaries");
                continue;
            }
            SessionSummary s = summaries.get(0);
            SentLedger.ExpectedSession actual = new SentLedger.ExpectedSession(s.getService(), s.getTag(),
                    s.getEventCount(), s.getCalls(), s.getExceptions(), s.getHttpCalls(), s.getErrorStatuses());
            if (!actual.equals(x)) {
                wrong.add(e.getKey() + ": " + actual + " instead of " + x);
            }
        }
        got.keySet().stream().filter(id -> !expected.containsKey(id)).forEach(id -> wrong.add(id + ": not sent"));
        add("sessions: one summary per session, matching what was sent", wrong.isEmpty(), expected.size()
                + " sessions sent, " + outputs.sessionCount() + " summaries; " + wrong.size() + " wrong "
                + first(wrong));
    }

    /** Every injected failure recovered, and the active controller was among the stopped brokers. */
    void recovery(List<FaultInjector.Fault> faults, boolean controllerStopped) {
        List<String> stuck = faults.stream().filter(f -> !f.recovered()).map(f -> f.kind() + " " + f.target())
                .toList();
        add("failures: every one recovered, the controller among the stopped brokers",
                stuck.isEmpty() && controllerStopped, faults.size() + " injected; not recovered " + stuck
                        + "; controller stopped " + controllerStopped);
    }

    /** Replication factor 3, min.insync.replicas 2 and the partition count on every Tributary topic. */
    void topology(Map<String, Integer> replication, Map<String, Integer> partitions, Map<String, String> minIsr,
                  String samplingRules, int wanted) {
        List<String> wrong = new ArrayList<>();
        replication.forEach((topic, rf) -> {
            if (rf != 3) {
                wrong.add(topic + " RF " + rf);
            }
            int parts = partitions.get(topic);
            if (!topic.equals(samplingRules) && topic.startsWith(TributaryFleet.TOPIC_PREFIX) && parts < wanted) {
                wrong.add(topic + " " + parts + " partitions");
            }
            if (!"2".equals(minIsr.get(topic))) {
                wrong.add(topic + " min.insync.replicas " + minIsr.get(topic));
            }
        });
        add("cluster: RF 3, min.insync.replicas 2, " + wanted + " partitions", wrong.isEmpty() && !replication.isEmpty(),
                replication.size() + " topics (with the Streams internal ones); wrong " + wrong);
    }

    private void add(String name, boolean passed, String detail) {
        checks.add(new Check(name, passed, detail));
    }

    private static Map<String, Long> counts(List<String> values) {
        Map<String, Long> counts = new HashMap<>();
        values.forEach(v -> counts.merge(String.valueOf(v), 1L, Long::sum));
        return counts;
    }

    /** Up to {@value #SHOWN} keys whose counts differ, as {@code key: actual instead of expected}. */
    private static List<String> mismatches(Map<String, Long> expected, Map<String, Long> actual) {
        Set<String> keys = new HashSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        return keys.stream().filter(k -> !Objects.equals(expected.getOrDefault(k, 0L), actual.getOrDefault(k, 0L)))
                .sorted().limit(SHOWN).map(k -> k + ": " + actual.getOrDefault(k, 0L) + " instead of "
                        + expected.getOrDefault(k, 0L)).toList();
    }

    private static List<String> first(List<String> values) {
        return values.stream().limit(SHOWN).toList();
    }
}
