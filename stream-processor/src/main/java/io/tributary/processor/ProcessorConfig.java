package io.tributary.processor;

import io.tributary.runtime.config.Durations;
import io.tributary.runtime.config.EnvironmentMapper;
import io.tributary.runtime.config.KafkaPassThrough;
import io.tributary.runtime.config.SharedConfigDef;
import io.tributary.schema.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of the {@link StreamProcessor}, in Kafka's {@link ConfigDef} style: {@link #CONFIG} documents every
 * key with its type, default and validator; {@code bootstrap.servers}, {@code topic.prefix} and
 * {@code default.service} come from {@link SharedConfigDef}. A key not defined here reaches Kafka Streams and its
 * clients when they know it ({@code security.protocol}, {@code sasl.jaas.config}, {@code num.standby.replicas},
 * {@code main.consumer.max.poll.records}) or when it is written {@code kafka.<key>}; see {@link KafkaPassThrough}.
 *
 * <p>Environment variables map onto the same keys ({@link EnvironmentMapper}): {@code TRIBUTARY_METRICS_WINDOWS=1m,5m}
 * is {@code metrics.windows}; see {@link #fromEnvironment}.
 *
 * <pre>{@code
 * var config = new ProcessorConfig(Map.of(
 *         ProcessorConfig.BOOTSTRAP_SERVERS, "localhost:9092",
 *         ProcessorConfig.METRICS_WINDOWS, "1m,1h"));
 * }</pre>
 */
public final class ProcessorConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = SharedConfigDef.BOOTSTRAP_SERVERS;
    public static final String APPLICATION_ID = "application.id";
    public static final String TOPIC_PREFIX = SharedConfigDef.TOPIC_PREFIX;
    public static final String TOPIC_CREATE = "topic.create";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    public static final String DEFAULT_SERVICE = SharedConfigDef.DEFAULT_SERVICE;
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
    public static final String HEALTH_RESTORE_MAX_MS = "health.restore.max.ms";

    /** Prefix of the environment variables read by {@link #fromEnvironment}. */
    public static final String ENV_PREFIX = EnvironmentMapper.PREFIX;

    /** Every setting with its documentation. */
    public static final ConfigDef CONFIG = ProcessorConfigDef.define();

    /**
     * Which keys not defined here reach Kafka Streams: what its clients know, the Streams settings, keys with a
     * prefix Streams strips before handing them to one of its clients or its internal topics, and {@code kafka.*}.
     */
    public static final KafkaPassThrough KAFKA_PASS_THROUGH = KafkaPassThrough.clients().with(
            StreamsConfig.configDef().names(), List.of(StreamsConfig.CONSUMER_PREFIX,
                    StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
                    StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.PRODUCER_PREFIX,
                    StreamsConfig.ADMIN_CLIENT_PREFIX, StreamsConfig.TOPIC_PREFIX));

    private static final EnvironmentMapper ENVIRONMENT = new EnvironmentMapper(CONFIG.names(), KAFKA_PASS_THROUGH);

    /**
     * Settings from a map; keys not defined here reach Kafka Streams as {@link #KAFKA_PASS_THROUGH} says.
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
     * Settings from {@code TRIBUTARY_*} environment variables, overridden by {@code overrides}. Only variables of
     * this component's keys and of what Kafka Streams takes are read ({@link EnvironmentMapper}); the SDK's
     * {@code TRIBUTARY_SPOOL_DIR}, say, is not.
     *
     * @throws ConfigException when a value is invalid
     */
    public static ProcessorConfig fromEnvironment(Map<String, String> environment, Map<String, ?> overrides) {
        return new ProcessorConfig(ENVIRONMENT.settings(environment, overrides));
    }

    /** The topic names under {@value #TOPIC_PREFIX}. */
    public Topics topics() {
        return Topics.withPrefix(getString(TOPIC_PREFIX));
    }

    /** The tumbling window sizes of {@value #METRICS_WINDOWS}, in the configured order, without duplicates. */
    public List<Duration> metricsWindows() {
        return getList(METRICS_WINDOWS).stream().map(Durations::parsePositive).distinct().toList();
    }

    /** The type of the state stores, {@value #STATE_STORE_TYPE}. */
    public io.tributary.processor.state.StoreType storeType() {
        return io.tributary.processor.state.StoreType.fromName(getString(STATE_STORE_TYPE));
    }

    /** A {@code *.ms} setting as a duration. */
    public Duration duration(String key) {
        return Duration.ofMillis(getLong(key));
    }

    /**
     * The settings not defined here that reach Kafka Streams and its clients ({@link #KAFKA_PASS_THROUGH}), with
     * {@code kafka.} stripped; other unknown keys are left out.
     */
    public Map<String, Object> passThrough() {
        return KAFKA_PASS_THROUGH.select(originals(), CONFIG.names());
    }
}
