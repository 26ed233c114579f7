package io.tributary.processor.sampling;

import io.tributary.processor.ProcessorMetrics;
import io.tributary.schema.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Decides per event whether it reaches {@code events.sampled}, with the rule of its type, else its category,
 * else {@code default} from the rules table (a global store, so rule changes apply to the next event), else
 * the configured default. Kept events are forwarded with their {@code sample_rate} set.
 *
 * <p>Kept events per (type, window) are counted only while the applicable rule has a minimum, so the
 * minimum per window costs nothing when unused; a minimum set in the middle of a window may therefore keep
 * up to that many more events in that window.
 */
final class SamplingProcessor implements Processor<String, Event, String, Event> {
    private final RuleValue configuredDefault;
    private final long windowMs;
    private final ProcessorMetrics metrics;
    private ProcessorContext<String, Event> context;
    private KeyValueStore<String, ValueAndTimestamp<RuleValue>> rules;
    private KeyValueStore<String, Long> counts;
    private long maxWindowStart = Long.MIN_VALUE;

    SamplingProcessor(RuleValue configuredDefault, Duration window, ProcessorMetrics metrics) {
        this.configuredDefault = configuredDefault;
        this.windowMs = window.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Event> context) {
        this.context = context;
        this.rules = context.getStateStore(SamplingTopology.RULES_STORE);
        this.counts = context.getStateStore(SamplingTopology.COUNTS_STORE);
        context.schedule(Duration.ofMillis(windowMs), PunctuationType.WALL_CLOCK_TIME, now -> expireCounts());
    }

    @Override
    public void process(Record<String, Event> record) {
        Event e = record.value();
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
        }
        context.forward(record);
    }

    private RuleValue ruleFor(Event e) {
        RuleValue r = lookup(SamplingRule.typeTarget(e.getType()));
        if (r == null) {
            r = lookup(SamplingRule.categoryTarget(e.getCategory()));
        }
        if (r == null) {
            r = lookup(SamplingRule.DEFAULT_TARGET);
        }
        return r == null ? configuredDefault : r;
    }

    private RuleValue lookup(String target) {
        ValueAndTimestamp<RuleValue> v = rules.get(target);
        return v == null ? null : v.value();
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
