package io.tributary.processor.sampling;

import io.tributary.processor.ProcessorMetrics;
import io.tributary.processor.validate.Checked;
import io.tributary.schema.Category;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides per event whether it reaches {@code events.sampled}, with the rule of its type, else its category,
 * else {@code default} from the rules table (a global store, so rule changes apply to the next event), else
 * the configured default. Resolved rules are cached per type and category until the {@link RulesVersion}
 * moves. Kept events are forwarded with their {@code sample_rate} set.
 *
 * <p>Kept events per (type, window) are counted only while the applicable rule has a minimum, so the
 * minimum per window costs nothing when unused; a minimum set in the middle of a window may therefore keep
 * up to that many more events in that window.
 */
final class SamplingProcessor implements Processor<String, Checked, String, Checked> {
    private static final EventType[] TYPES = EventType.values();
    private static final Category[] CATEGORIES = Category.values();
    private static final String[] TYPE_TARGETS = Arrays.stream(TYPES).map(SamplingRule::typeTarget)
            .toArray(String[]::new);
    private static final String[] CATEGORY_TARGETS = Arrays.stream(CATEGORIES).map(SamplingRule::categoryTarget)
            .toArray(String[]::new);

    private final RuleValue configuredDefault;
    private final long windowMs;
    private final ProcessorMetrics metrics;
    private ProcessorContext<String, Checked> context;
    private final RulesVersion rulesVersion;
    private final RuleValue[][] resolved = new RuleValue[TYPES.length][CATEGORIES.length];
    private long resolvedVersion = Long.MIN_VALUE;
    private KeyValueStore<String, RuleValue> rules;
    private KeyValueStore<String, Long> counts;
    private long maxWindowStart = Long.MIN_VALUE;

    SamplingProcessor(RuleValue configuredDefault, Duration window, ProcessorMetrics metrics,
                      RulesVersion rulesVersion) {
        this.rulesVersion = rulesVersion;
        this.configuredDefault = configuredDefault;
        this.windowMs = window.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Checked> context) {
        this.context = context;
        this.rules = context.getStateStore(SamplingTopology.RULES_STORE);
        this.counts = context.getStateStore(SamplingTopology.COUNTS_STORE);
        context.schedule(Duration.ofMillis(windowMs), PunctuationType.WALL_CLOCK_TIME, now -> expireCounts());
    }

    @Override
    public void process(Record<String, Checked> record) {
        Event e = record.value().event();
        RuleValue rule = ruleFor(e);
        long windowStart = Math.floorDiv(e.getTsNs() / 1_000_000L, windowMs) * windowMs;
        maxWindowStart = Math.max(maxWindowStart, windowStart);
        String countKey = rule.minPerWindow() > 0 ? e.getType().name() + '@' + windowStart : null;
        long kept = 0;
        if (countKey != null) {
            Long c = counts.get(countKey);
            kept = c == null ? 0 : c;
        }
        Sampler.Decision decision = Sampler.decide(e, rule, kept);
        metrics.sampled(decision.kept());
        if (!decision.kept()) {
            return;
        }
        if (countKey != null) {
            counts.put(countKey, kept + 1);
        }
        // set in place rather than copying the event: the metrics and sessions branches never read sample_rate
        double rate = Sampler.sampleRate(e, rule, decision);
        if (rate != e.getSampleRate()) {
            e.setSampleRate(rate);
            context.forward(record.withValue(record.value().modified()));
        } else {
            context.forward(record);
        }
    }

    /** The rule of the event's type and category, resolved once per rules version. */
    private RuleValue ruleFor(Event e) {
        long version = rulesVersion.current();
        if (version != resolvedVersion) {
            for (RuleValue[] row : resolved) {
                Arrays.fill(row, null);
            }
            resolvedVersion = version;
        }
        int type = e.getType().ordinal();
        int category = e.getCategory().ordinal();
        RuleValue r = resolved[type][category];
        if (r == null) {
            r = resolve(type, category);
            resolved[type][category] = r;
        }
        return r;
    }

    private RuleValue resolve(int type, int category) {
        RuleValue r = lookup(TYPE_TARGETS[type]);
        if (r == null) {
            r = lookup(CATEGORY_TARGETS[category]);
        }
        if (r == null) {
            r = lookup(SamplingRule.DEFAULT_TARGET);
        }
        return r == null ? configuredDefault : r;
    }

    private RuleValue lookup(String target) {
        return rules.get(target);
    }

    private void expireCounts() {
        if (maxWindowStart == Long.MIN_VALUE) {
            return;
        }
        long keepFrom = maxWindowStart - 2 * windowMs;
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = counts.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> entry = it.next();
                if (Long.parseLong(entry.key.substring(entry.key.indexOf('@') + 1)) < keepFrom) {
                    old.add(entry.key);
                }
            }
        }
        old.forEach(counts::delete);
    }
}
