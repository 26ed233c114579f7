package io.tributary.processor.sampling;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serde of the rules table. A value that is not a valid rule reads as {@code null} (as if deleted) and is
 * logged: a bad rule never stops the processor. Decoded values are memoised, since every event looks rules up.
 */
final class RuleValueSerde implements Serde<RuleValue> {
    private static final Logger LOG = LoggerFactory.getLogger(RuleValueSerde.class);
    private static final int MEMO_LIMIT = 1024;

    private final Map<ByteBuffer, RuleValue> memo = new ConcurrentHashMap<>();

    @Override
    public Serializer<RuleValue> serializer() {
        return (topic, v) -> v == null ? null
                : SamplingRuleCodec.encode(new SamplingRule(SamplingRule.DEFAULT_TARGET, v.rate(), v.minPerWindow(),
                        v.alwaysKeep()));
    }

    @Override
    public Deserializer<RuleValue> deserializer() {
        return (topic, bytes) -> bytes == null ? null : memoised(bytes);
    }

    private RuleValue memoised(byte[] bytes) {
        ByteBuffer key = ByteBuffer.wrap(bytes);
        RuleValue known = memo.get(key);
        if (known != null) {
            return known;
        }
        try {
            RuleValue v = RuleValue.of(SamplingRuleCodec.decode(SamplingRule.DEFAULT_TARGET, bytes));
            if (memo.size() >= MEMO_LIMIT) {
                memo.clear();
            }
            memo.put(ByteBuffer.wrap(bytes.clone()), v);
            return v;
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring a sampling rule that does not parse: {}", e.getMessage());
            return null;
        }
    }
}
