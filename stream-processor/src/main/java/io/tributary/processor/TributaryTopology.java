package io.tributary.processor;

import io.tributary.processor.metrics.MetricsTopology;
import io.tributary.processor.sampling.SamplingTopology;
import io.tributary.processor.sessions.SessionsTopology;
import io.tributary.processor.time.LagProbe;
import io.tributary.processor.validate.Checked;
import io.tributary.processor.validate.EventValidator;
import io.tributary.processor.validate.ValidationProcessor;
import io.tributary.schema.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The processor's Kafka Streams topology:
 * <pre>
 * events.raw ─▶ validate ─┬─▶ (rejected) ──────────────────────────────▶ events.dlq
 *                         └─▶ (valid) ─┬─▶ sample ────────────────────▶ events.sampled
 *                                      ├─▶ pre-aggregate ─▶ repartition ─▶ windows ─▶ metrics.&lt;size&gt;
 *                                      └─▶ sessions ──────────────────▶ sessions
 *                 sampling.rules (global store) ─▶ sample
 * </pre>
 * Metrics and sessions see 100% of valid events; sampling only decides what reaches {@code events.sampled}.
 */
public final class TributaryTopology {
    private TributaryTopology() {
    }

    /**
     * Builds the topology.
     *
     * @param config the settings
     * @param metrics where processor counters go
     * @param rawPartitions partitions of the raw topic (the metrics wait for a watermark from each)
     * @param lag whether this instance has read a raw partition to its end
     */
    public static Topology build(ProcessorConfig config, ProcessorMetrics metrics, int rawPartitions, LagProbe lag) {
        Topics topics = config.topics();
        EventValidator validator = new EventValidator(config.getInt(ProcessorConfig.MAX_EVENT_BYTES),
                config.getString(ProcessorConfig.DEFAULT_SERVICE), config.getLong(ProcessorConfig.MAX_FUTURE_SKEW_MS));
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Checked> checked = builder
                .stream(topics.raw(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-in"))
                .process(() -> new ValidationProcessor(validator, metrics), Named.as("validate"));
        checked.split(Named.as("checked-"))
                .branch((key, c) -> c.rejected(), Branched.withConsumer(rejected -> rejected
                        .selectKey((key, c) -> c.rawKey(), Named.as("dlq-key"))
                        .mapValues(Checked::rawValue, Named.as("dlq-value"))
                        .to(topics.dlq(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dlq-out")),
                        "rejected"))
                .defaultBranch(Branched.withConsumer(valid -> addConsumers(builder, valid, config, metrics,
                        rawPartitions, lag), "valid"));
        return builder.build();
    }

    private static void addConsumers(StreamsBuilder builder, KStream<String, Checked> checked, ProcessorConfig config,
                                     ProcessorMetrics metrics, int rawPartitions, LagProbe lag) {
        Topics topics = config.topics();
        // every consumer takes the Checked record as it is (no per-record mapping step), and sampling finds the raw
        // bytes at hand: a kept event that needs no change is written without encoding it again
        SamplingTopology.addTo(builder, checked, new SamplingTopology.Settings(
                config.getDouble(ProcessorConfig.SAMPLING_DEFAULT_RATE),
                config.getLong(ProcessorConfig.SAMPLING_DEFAULT_MIN),
                config.duration(ProcessorConfig.SAMPLING_WINDOW_MS)), topics, config.storeType(), metrics);
        MetricsTopology.addValidated(builder, checked, new MetricsTopology.Settings(config.metricsWindows(),
                config.duration(ProcessorConfig.METRICS_GRACE_MS), config.duration(ProcessorConfig.IDLE_ADVANCE_MS),
                config.duration(ProcessorConfig.PUNCTUATE_INTERVAL_MS),
                config.duration(ProcessorConfig.SESSIONS_GAP_MS), rawPartitions, lag), topics, config.storeType(), metrics);
        SessionsTopology.addTo(builder, checked, new SessionsTopology.Settings(
                config.duration(ProcessorConfig.SESSIONS_GAP_MS), config.duration(ProcessorConfig.SESSIONS_GRACE_MS),
                config.duration(ProcessorConfig.IDLE_ADVANCE_MS), config.duration(ProcessorConfig.PUNCTUATE_INTERVAL_MS),
                lag), topics, config.storeType());
    }
}
