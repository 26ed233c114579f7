package io.tributary.processor;

import io.tributary.schema.kafka.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the {@link StreamProcessor}, in Kafka's {@link ConfigDef} style: {@link #CONFIG} documents every
 * key with its type, default and validator. Any key not defined here (e.g. {@code security.protocol},
 * {@code sasl.jaas.config}, {@code num.standby.replicas}) is passed through to Kafka Streams and its clients.
 *
 * <p>Environment variables map onto the same keys: strip {@code TRIBUTARY_}, lower-case, {@code _} becomes
 * {@code .}, so {@code TRIBUTARY_METRICS_WINDOWS=1m,5m} is {@code metrics.windows}; see {@link #fromEnvironment}.
 *
 * <pre>{@code
 * var config = new ProcessorConfig(Map.of(
 *         ProcessorConfig.BOOTSTRAP_SERVERS, "localhost:9092",
 *         ProcessorConfig.METRICS_WINDOWS, "1m,1h"));
 * }</pre>
 */
public final class ProcessorConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String APPLICATION_ID = "application.id";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String TOPIC_CREATE = "topic.create";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    public static final String DEFAULT_SERVICE = "default.service";
    public static final String MAX_EVENT_BYTES = "max.event.bytes";
    public static final String MAX_FUTURE_SKEW_MS = "event.max.future.skew.ms";
    public static final String METRICS_WINDOWS = "metrics.windows";
    public static final String METRICS_GRACE_MS = "metrics.grace.ms";
    public static final String IDLE_ADVANCE_MS = "window.idle.advance.ms";
    public static final String PUNCTUATE_INTERVAL_MS = "window.punctuate.interval.ms";
    public static final String SESSIONS_GAP_MS = "sessions.inactivity.gap.ms";
    public static final String SESSIONS_GRACE_MS = "sessions.grace.ms";
    public static final String SAMPLING_DEFAULT_RATE = "sampling.default.rate";
    public static final String SAMPLING_DEFAULT_MIN = "sampling.default.min.per.window";
    public static final String SAMPLING_WINDOW_MS = "sampling.window.ms";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String STATE_DIR = "state.dir";
    public static final String ROCKSDB_MEMORY_BYTES = "rocksdb.memory.bytes";
    public static final String STATE_CACHE_BYTES = "statestore.cache.max.bytes";
    public static final String STATE_STORE_TYPE = "state.store.type";

    /** Prefix of the environment variables read by {@link #fromEnvironment}. */
    public static final String ENV_PREFIX = "TRIBUTARY_";

    /** Every setting with its documentation. */
    public static final ConfigDef CONFIG = ProcessorConfigDef.define();

    /**
     * Settings from a map; keys not defined here are passed through to Kafka Streams.
     *
     * @throws ConfigException when a value is invalid
     */
    public ProcessorConfig(Map<String, ?> originals) {
        super(CONFIG, originals, false);
        if (metricsWindows().isEmpty()) {
            throw new ConfigException(METRICS_WINDOWS, getList(METRICS_WINDOWS), "at least one window size is needed");
        }
    }

    /**
     * Settings from {@code TRIBUTARY_*} environment variables, overridden by {@code overrides}.
     *
     * @throws ConfigException when a value is invalid
     */
    public static ProcessorConfig fromEnvironment(Map<String, String> environment, Map<String, ?> overrides) {
        Map<String, Object> values = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                values.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        values.putAll(overrides);
        return new ProcessorConfig(values);
    }

    /** The topic names under {@value #TOPIC_PREFIX}. */
    public Topics topics() {
        return Topics.withPrefix(getString(TOPIC_PREFIX));
    }

    /** The tumbling window sizes of {@value #METRICS_WINDOWS}, in the configured order, without duplicates. */
    public List<Duration> metricsWindows() {
        return getList(METRICS_WINDOWS).stream().map(DurationParser::parse).distinct().toList();
    }

    /** The type of the state stores, {@value #STATE_STORE_TYPE}. */
    public io.tributary.processor.state.StoreType storeType() {
        return io.tributary.processor.state.StoreType.fromName(getString(STATE_STORE_TYPE));
    }

    /** A {@code *.ms} setting as a duration. */
    public Duration duration(String key) {
        return Duration.ofMillis(getLong(key));
    }

    /** The settings not defined here, passed to Kafka Streams and its clients unchanged. */
    public Map<String, Object> passThrough() {
        Map<String, Object> extra = new HashMap<>(originals());
        CONFIG.names().forEach(extra::remove);
        return extra;
    }
}
