package io.tributary.processor.sampling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Records of the {@code sampling.rules} topic: the key is the rule's target (UTF-8), the value JSON such as
 * {@code {"rate":0.1,"min_per_window":5,"always_keep":false}}; a tombstone deletes the rule. Anyone (the CLI,
 * kcat) may write rules in this form.
 */
public final class SamplingRuleCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SamplingRuleCodec() {
    }

    /** The JSON value of a rule (the target is the record key, not part of the value). */
    public static byte[] encode(SamplingRule rule) {
        ObjectNode node = JSON.createObjectNode();
        node.put("rate", rule.rate());
        node.put("min_per_window", rule.minPerWindow());
        node.put("always_keep", rule.alwaysKeep());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON object", e);
        }
    }

    /**
     * The rule for {@code target} in {@code bytes}.
     *
     * @throws IllegalArgumentException when the bytes are not a valid rule
     */
    public static SamplingRule decode(String target, byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject() || !node.path("rate").isNumber()) {
                throw new IllegalArgumentException("expected an object with a numeric 'rate'");
            }
            return new SamplingRule(target, node.get("rate").asDouble(), node.path("min_per_window").asLong(0),
                    node.path("always_keep").asBoolean(false));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
}
