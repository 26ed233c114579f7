package io.tributary.export.core;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * {@value #KEY}, defined once for both exporters: how many export loops a worker runs, each a member of the
 * consumer group with its own partitions.
 */
public final class LoopThreads {
    public static final String KEY = "export.threads";
    /** The default: the cores this JVM sees ({@code Runtime.availableProcessors()}), at most 64. */
    public static final int DEFAULT = Math.min(64, Runtime.getRuntime().availableProcessors());

    private LoopThreads() {
    }

    /** Adds {@value #KEY} to {@code def}. */
    public static void define(ConfigDef def) {
        def.define(KEY, Type.INT, DEFAULT, Range.between(1, 64), Importance.MEDIUM,
                "Consumer threads in this worker, each a member of the group with its own partitions, so up to "
                        + "this many partitions are exported in parallel. Default: the number of cores the JVM sees "
                        + "(at most 64); decoding and encoding the records is CPU work, so more threads than cores "
                        + "gain nothing, and more threads than partitions idle.");
    }
}
