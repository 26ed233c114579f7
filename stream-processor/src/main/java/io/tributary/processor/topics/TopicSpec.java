package io.tributary.processor.topics;

import java.util.Map;

/**
 * A topic the processor needs: its name, how to create it, and whether it must be compacted.
 *
 * @param name full topic name
 * @param partitions partitions when created
 * @param replicationFactor replication factor when created
 * @param compacted true when the topic must use {@code cleanup.policy=compact}, false when it must not
 *     (an append-only stream that compaction would silently thin out)
 */
public record TopicSpec(String name, int partitions, short replicationFactor, boolean compacted) {
    /** The topic configs set at creation. */
    public Map<String, String> configs() {
        return Map.of("cleanup.policy", compacted ? "compact" : "delete");
    }
}
