package io.tributary.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.watch.MetricWindows;
import io.tributary.processor.sampling.SamplingRule;
import io.tributary.schema.EventType;
import io.tributary.schema.MetricWindow;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The sampling view: each rule in force beside the observed kept/total ratio per event type over the last
 * closed windows, and the changes to the rules the page may ask for. Totals are the metric windows' counts of the
 * smallest window size (they count every valid event); kept counts come from the sampled topic.
 */
final class SamplingApi {
    /** Closed windows shown per event type. */
    static final int WINDOWS_SHOWN = 5;

    private final Console console;
    private final ObjectMapper json;

    SamplingApi(Console console, ObjectMapper json) {
        this.console = console;
        this.json = json;
    }

    ObjectNode view() {
        ObjectNode root = json.createObjectNode();
        ArrayNode rules = root.putArray("rules");
        console.rules().values().forEach(r -> rules.add(rule(r)));
        ArrayNode observed = root.putArray("observed");
        List<MetricWindows.Series> series = console.windows().series();
        String smallest = series.stream()
                .min((a, b) -> Long.compare(size(a.latest()), size(b.latest())))
                .map(MetricWindows.Series::window).orElse(null);
        root.put("window", smallest);
        Map<EventType, NavigableMap<Long, long[]>> totals = new EnumMap<>(EventType.class);
        for (MetricWindows.Series s : series) {
            if (s.window().equals(smallest)) {
                for (MetricWindow w : s.windows()) {
                    totals.computeIfAbsent(w.getEventType(), t -> new TreeMap<>())
                            .computeIfAbsent(w.getWindowStartMs(), k -> new long[] {w.getWindowEndMs(), 0})[1]
                            += w.getCount();
                }
            }
        }
        totals.forEach((type, windows) -> windows.descendingMap().entrySet().stream().limit(WINDOWS_SHOWN)
                .forEach(e -> {
                    long kept = console.sampling().keptBetween(type, e.getKey(), e.getValue()[0]);
                    ObjectNode row = observed.addObject();
                    row.put("type", type.name());
                    row.put("target", SamplingRule.typeTarget(type));
                    row.put("start", e.getKey());
                    row.put("end", e.getValue()[0]);
                    row.put("total", e.getValue()[1]);
                    row.put("kept", kept);
                    row.put("ratio", e.getValue()[1] == 0 ? 0 : kept / (double) e.getValue()[1]);
                }));
        return root;
    }

    private static long size(MetricWindow w) {
        return w.getWindowEndMs() - w.getWindowStartMs();
    }

    private ObjectNode rule(SamplingRule r) {
        ObjectNode node = json.createObjectNode();
        node.put("target", r.target());
        node.put("rate", r.rate());
        node.put("minPerWindow", r.minPerWindow());
        node.put("alwaysKeep", r.alwaysKeep());
        return node;
    }

    /**
     * Creates or replaces the rule in {@code body} ({@code {"target":..,"rate":..,"minPerWindow":..,
     * "alwaysKeep":..}}), validated as {@code tributary sampling set} validates it.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    ArrayNode set(JsonNode body) {
        String target = text(body, "target");
        JsonNode rate = body.get("rate");
        if (rate == null || !rate.isNumber()) {
            throw new IllegalArgumentException("rate must be a number in [0, 1]");
        }
        JsonNode min = body.get("minPerWindow");
        if (min != null && !min.isNull() && !min.canConvertToExactIntegral()) {
            throw new IllegalArgumentException("minPerWindow must be a whole number");
        }
        JsonNode always = body.get("alwaysKeep");
        SamplingRule rule = new SamplingRule(target, rate.asDouble(), min == null || min.isNull() ? 0 : min.asLong(),
                always != null && always.asBoolean());
        return rules(console.setRule(rule));
    }

    /** Deletes the rule of {@code target}. */
    ArrayNode delete(String target) {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("target is required");
        }
        return rules(console.deleteRule(target));
    }

    private ArrayNode rules(Map<String, SamplingRule> rules) {
        ArrayNode list = json.createArrayNode();
        rules.values().forEach(r -> list.add(rule(r)));
        return list;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(field + " is required: type:<event type>, category:<category> or default");
        }
        return node.asText();
    }
}
