package io.tributary.processor.sampling;

import io.tributary.processor.ProcessorMetrics;
import io.tributary.processor.validate.Checked;
import io.tributary.schema.kafka.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import io.tributary.processor.state.StoreType;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires sampling into a topology: the compacted {@code <prefix>sampling.rules} topic is read into a global
 * store (every instance holds every rule, and a published rule applies to the next event processed, without a
 * restart; see {@link RulesVersion}), and each valid event is kept or dropped by {@link Sampler}'s rules; kept
 * events go to {@code <prefix>events.sampled} in Avro single-object encoding ({@link SampledEventSerde}), keyed
 * by session id.
 */
public final class SamplingTopology {
    /** The rules table (global, in memory, rebuilt from the compacted topic at start; not changelogged). */
    public static final String RULES_STORE = "sampling-rules";
    /** Kept events per event type and sampling window. */
    public static final String COUNTS_STORE = "sampling-window-counts";

    private SamplingTopology() {
    }

    /**
     * What the sampling part needs to know.
     *
     * @param defaultRate rate of the configured default rule
     * @param defaultMinPerWindow minimum per window of the configured default rule
     * @param window window of the minimum per window
     */
    public record Settings(double defaultRate, long defaultMinPerWindow, Duration window) {
    }

    /** Adds the sampling part, fed by {@code valid}, to {@code builder}. */
    public static void addTo(StreamsBuilder builder, KStream<String, Checked> valid, Settings s, Topics topics,
                             StoreType stores, ProcessorMetrics metrics) {
        RulesVersion version = new RulesVersion();
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RULES_STORE),
                                Serdes.String(), new RuleValueSerde()).withLoggingDisabled(),
                topics.samplingRules(),
                Consumed.with(Serdes.String(), new RuleValueSerde()).withName("sampling-rules-source"),
                () -> new RulesStoreUpdater(version));
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(COUNTS_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        RuleValue defaults = new RuleValue(s.defaultRate(), s.defaultMinPerWindow(), false);
        valid.process(() -> new SamplingProcessor(defaults, s.window(), metrics, version),
                        Named.as("sampling-decide"), COUNTS_STORE)
                .to(topics.sampled(), Produced.with(Serdes.String(), new SampledEventSerde()).withName("sampled-out"));
    }
}
