package io.tributary.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.tributary.processor.state.BoundedMemoryRocksDBConfig;
import io.tributary.processor.topics.TopicProvisioner;
import io.tributary.processor.topics.TopicSpec;
import io.tributary.runtime.service.Health;
import io.tributary.runtime.service.Service;
import io.tributary.schema.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tributary stream processor: validates {@code events.raw} (bad records to {@code events.dlq}), computes
 * exact windowed metrics and session summaries on every valid event, and samples what reaches
 * {@code events.sampled} under runtime-tunable rules. Run several instances with the same
 * {@code application.id} to share the partitions.
 *
 * <pre>{@code
 * try (var processor = StreamProcessor.create(ProcessorConfig.fromEnvironment(System.getenv(), Map.of()),
 *         new SimpleMeterRegistry())) {
 *     processor.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} first makes sure the topics exist and fit (see {@link TopicProvisioner}). {@link #health()}
 * follows the Kafka Streams state. Thread-safe.
 */
public final class StreamProcessor implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(StreamProcessor.class);
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ProcessorConfig config;
    private final ProcessorMetrics metrics;
    private final Object lock = new Object();
    private final RestoreProgress restores = new RestoreProgress(System::nanoTime);
    private KafkaStreams streams;
    private KafkaStreamsMetrics clientMetrics;

    private StreamProcessor(ProcessorConfig config, ProcessorMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = metrics;
    }

    /** A processor with the given settings, counting into {@code registry}. Nothing runs until {@link #start()}. */
    public static StreamProcessor create(ProcessorConfig config, MeterRegistry registry) {
        return new StreamProcessor(config, new ProcessorMetrics(registry));
    }

    /**
     * Provisions and checks the topics, then starts processing in background threads.
     *
     * @throws io.tributary.processor.topics.TopicConflictException when an existing topic does not fit
     * @throws io.tributary.RetriableTributaryException when the cluster cannot be reached
     * @throws IllegalStateException when already started
     */
    @Override
    public void start() {
        synchronized (lock) {
            if (streams != null) {
                throw new IllegalStateException("already started");
            }
            int rawPartitions = provisionTopics();
            ConsumerLagProbe lag = new ConsumerLagProbe(config.topics().raw());
            Topology topology = TributaryTopology.build(config, metrics, rawPartitions, lag);
            streams = new KafkaStreams(topology, streamsProperties());
            lag.attach(streams);
            streams.setGlobalStateRestoreListener(restores);
            // Kafka's own client metrics (consumer lag, produce rates, ...) beside Tributary's.
            clientMetrics = new KafkaStreamsMetrics(streams);
            clientMetrics.bindTo(metrics.registry());
            streams.setUncaughtExceptionHandler(e -> {
                LOG.error("Stream thread failed; replacing it", e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                        .REPLACE_THREAD;
            });
            streams.start();
        }
    }

    private int provisionTopics() {
        Topics topics = config.topics();
        int partitions = config.getInt(ProcessorConfig.TOPIC_PARTITIONS);
        short rf = config.getShort(ProcessorConfig.TOPIC_REPLICATION_FACTOR);
        List<TopicSpec> specs = new ArrayList<>();
        for (String name : List.of(topics.raw(), topics.sampled(), topics.dlq(), topics.sessions())) {
            specs.add(new TopicSpec(name, partitions, rf, false));
        }
        config.metricsWindows().forEach(w -> specs.add(new TopicSpec(topics.metrics(w), partitions, rf, false)));
        specs.add(new TopicSpec(topics.samplingRules(), 1, rf, true));
        Map<String, Object> adminConfig = new HashMap<>(config.passThrough());
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(ProcessorConfig.BOOTSTRAP_SERVERS));
        adminConfig.keySet().retainAll(AdminClientConfig.configNames());
        try (Admin admin = Admin.create(adminConfig)) {
            Map<String, Integer> counts = new TopicProvisioner(admin)
                    .ensure(specs, config.getBoolean(ProcessorConfig.TOPIC_CREATE));
            return counts.get(topics.raw());
        }
    }

    /** The Kafka Streams settings this processor runs with. */
    Properties streamsProperties() {
        Properties p = new Properties();
        p.putAll(config.passThrough());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(ProcessorConfig.APPLICATION_ID));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(ProcessorConfig.BOOTSTRAP_SERVERS));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(ProcessorConfig.PROCESSING_GUARANTEE));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(ProcessorConfig.COMMIT_INTERVAL_MS));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(ProcessorConfig.NUM_STREAM_THREADS));
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(ProcessorConfig.STATE_DIR));
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, config.getLong(ProcessorConfig.STATE_CACHE_BYTES));
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class);
        p.put(ProcessorConfig.ROCKSDB_MEMORY_BYTES, config.getLong(ProcessorConfig.ROCKSDB_MEMORY_BYTES));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG,
                (int) config.getShort(ProcessorConfig.TOPIC_REPLICATION_FACTOR));
        return p;
    }

    /** The Kafka Streams state, or {@code CREATED} before {@link #start()}. */
    public KafkaStreams.State state() {
        synchronized (lock) {
            return streams == null ? KafkaStreams.State.CREATED : streams.state();
        }
    }

    /**
     * UP while the Kafka Streams state is RUNNING and no state store has been restoring for longer than
     * {@value ProcessorConfig#HEALTH_RESTORE_MAX_MS}; DEGRADED (alive, not ready) while REBALANCING or during such
     * a restore; DOWN naming the state otherwise: {@code processor CREATED} before {@link #start()},
     * {@code processor ERROR} after a failure, {@code processor NOT_RUNNING} after close.
     */
    @Override
    public Health health() {
        Health byState = health(state());
        Duration restoring = restores.longest();
        if (byState.isUp() && restoring.toMillis() > config.getLong(ProcessorConfig.HEALTH_RESTORE_MAX_MS)) {
            return Health.degraded("processor restoring " + restores.restoring() + " state store partition(s) for "
                    + restoring.toSeconds() + " s");
        }
        return byState;
    }

    static Health health(KafkaStreams.State state) {
        return switch (state) {
            case RUNNING -> Health.up();
            case REBALANCING -> Health.degraded("processor REBALANCING");
            default -> Health.down("processor " + state);
        };
    }

    /** The processor's counters. */
    public ProcessorMetrics metrics() {
        return metrics;
    }

    /**
     * Stops processing and waits at most {@code timeout}. A dynamic member leaves the group, so that other
     * instances take its partitions over at once; a static member ({@code group.instance.id} set, as the
     * StatefulSet does) stays in it, so that when it comes back within {@code session.timeout.ms} it gets the
     * same partitions back without a rebalance and without restoring their state elsewhere.
     *
     * @return true when Kafka Streams stopped within the timeout (or never started)
     */
    @Override
    public boolean close(Duration timeout) {
        synchronized (lock) {
            if (streams == null) {
                return true;
            }
            if (clientMetrics != null) {
                clientMetrics.close();
            }
            CloseOptions.GroupMembershipOperation membership = staticMember()
                    ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                    : CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
            return streams.close(CloseOptions.groupMembershipOperation(membership).withTimeout(timeout));
        }
    }

    /** True when the processor joins its group with a static {@code group.instance.id}. */
    boolean staticMember() {
        Map<String, Object> settings = config.passThrough();
        return settings.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                || settings.containsKey(StreamsConfig.MAIN_CONSUMER_PREFIX + ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    /** {@link #close(Duration)} with a 30 s timeout. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }
}
