package io.tributary.processor;

import static io.tributary.processor.ProcessorConfig.*;

import io.tributary.runtime.config.Durations;
import io.tributary.runtime.config.SharedConfigDef;
import io.tributary.schema.codec.EventCodecs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** The definitions behind {@link ProcessorConfig#CONFIG}: {@link SharedConfigDef}'s keys and the processor's. */
final class ProcessorConfigDef {
    private ProcessorConfigDef() {
    }

    static ConfigDef define() {
        ConfigDef def = SharedConfigDef.define();
        kafka(def);
        topics(def);
        input(def);
        windows(def);
        sampling(def);
        return def;
    }

    private static void kafka(ConfigDef def) {
        def.define(APPLICATION_ID, Type.STRING, "tributary-stream-processor", new ConfigDef.NonEmptyString(),
                Importance.HIGH, "Kafka Streams application id; instances with the same id share the work.");
        def.define(PROCESSING_GUARANTEE, Type.STRING, "exactly_once_v2",
                ValidString.in("exactly_once_v2", "at_least_once"), Importance.MEDIUM,
                "exactly_once_v2 (default): outputs, state and offsets commit atomically; consumers of the output "
                        + "topics should read with isolation.level=read_committed.");
        def.define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.LOW,
                "How often Kafka Streams commits (and, under exactly-once, makes output visible).");
        def.define(NUM_STREAM_THREADS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                "Stream threads of this instance.");
        def.define(STATE_DIR, Type.STRING, System.getProperty("java.io.tmpdir") + "/tributary-streams",
                new ConfigDef.NonEmptyString(), Importance.MEDIUM, "Directory of the local state stores.");
        def.define(ROCKSDB_MEMORY_BYTES, Type.LONG, 64L * 1024 * 1024, Range.atLeast(1024 * 1024), Importance.LOW,
                "Memory shared by all RocksDB stores of this JVM (block cache including write buffers).");
        def.define(HEALTH_RESTORE_MAX_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
                "How long a running processor may restore state stores from their changelogs and still report "
                        + "itself ready (/ready); past it, it is alive but not ready until the restore ends.");
        def.define(STATE_STORE_TYPE, Type.STRING, "rocksdb", ValidString.in("rocksdb", "in_memory"), Importance.LOW,
                "State stores: rocksdb (on disk, bounded memory) or in_memory (heap). Both are changelogged.");
        def.define(STATE_CACHE_BYTES, Type.LONG, 16L * 1024 * 1024, Range.atLeast(0), Importance.LOW,
                "Record cache in front of the state stores, per instance.");
    }

    private static void topics(ConfigDef def) {
        def.define(TOPIC_CREATE, Type.BOOLEAN, true, Importance.MEDIUM,
                "Create missing topics at start. Existing topics are checked either way; a conflicting one "
                        + "(e.g. sampling.rules not compacted) stops the start with a message naming it.");
        def.define(TOPIC_PARTITIONS, Type.INT, 6, Range.atLeast(1), Importance.MEDIUM,
                "Partitions of the event topics the processor creates (sampling.rules always gets 1).");
        def.define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 1, Range.atLeast(1), Importance.MEDIUM,
                "Replication factor of the topics the processor creates.");
    }

    private static void input(ConfigDef def) {
        def.define(MAX_EVENT_BYTES, Type.INT, EventCodecs.DEFAULT_MAX_BYTES, Range.atLeast(64), Importance.LOW,
                "Largest accepted raw record value; larger ones go to the DLQ with reason TOO_LARGE.");
        def.define(MAX_FUTURE_SKEW_MS, Type.LONG, 300_000L, Range.atLeast(0), Importance.MEDIUM,
                "Events whose ts_ns lies further in the future than this are clamped to now, flagged with the "
                        + "attribute tributary.clamped_ts_ns (the original value) and counted.");
    }

    private static void windows(ConfigDef def) {
        def.define(METRICS_WINDOWS, Type.LIST, "1m", Durations.positiveListValidator(), Importance.HIGH,
                "Tumbling window sizes of the metrics (e.g. 1m,1h; each " + Durations.GRAMMAR + "); each goes to its "
                        + "own topic <prefix>metrics.<size>.");
        def.define(METRICS_GRACE_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.MEDIUM,
                "How long after its end a metrics window accepts out-of-order events before it is emitted; "
                        + "later events are counted in late_count instead.");
        def.define(IDLE_ADVANCE_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.MEDIUM,
                "When a partition has received no record for this long, its event time advances with the wall "
                        + "clock, so windows and sessions of a quiet partition still close.");
        def.define(PUNCTUATE_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(10), Importance.LOW,
                "How often (wall clock) partitions send their pre-aggregated metrics (one record per metric key and "
                        + "window, instead of one per event) and their event-time progress to the metrics "
                        + "repartition topic, and close due windows and sessions. Late events are counted at "
                        + "that point too.");
        def.define(SESSIONS_GAP_MS, Type.LONG, 30L * 60_000, Range.atLeast(1), Importance.MEDIUM,
                "Inactivity gap that ends a session.");
        def.define(SESSIONS_GRACE_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                "Extra wait after the inactivity gap before a session summary is emitted.");
    }

    private static void sampling(ConfigDef def) {
        def.define(SAMPLING_DEFAULT_RATE, Type.DOUBLE, 1.0, Range.between(0.0, 1.0), Importance.MEDIUM,
                "Rate of the default rule, used when the sampling.rules topic has no rule for an event's type, its "
                        + "category, or 'default'.");
        def.define(SAMPLING_DEFAULT_MIN, Type.LONG, 0L, Range.atLeast(0), Importance.LOW,
                "Minimum kept events per event type per sampling window under the default rule.");
        def.define(SAMPLING_WINDOW_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
                "Event-time window over which rules' minimum per window is counted.");
    }
}
