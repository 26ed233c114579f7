package io.tributary.processor.sampling;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global rules store in step with the compacted {@code sampling.rules} topic, like a GlobalKTable
 * would: a value sets the rule of its target, a tombstone (or a value that does not parse, see
 * {@link RuleValueSerde}) removes it. After each change it bumps the {@link RulesVersion}.
 */
final class RulesStoreUpdater implements Processor<String, RuleValue, Void, Void> {
    private final RulesVersion version;
    private KeyValueStore<String, RuleValue> rules;

    RulesStoreUpdater(RulesVersion version) {
        this.version = version;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.rules = context.getStateStore(SamplingTopology.RULES_STORE);
        version.changed();
    }

    @Override
    public void process(Record<String, RuleValue> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            rules.delete(record.key());
        } else {
            rules.put(record.key(), record.value());
        }
        version.changed();
    }
}
