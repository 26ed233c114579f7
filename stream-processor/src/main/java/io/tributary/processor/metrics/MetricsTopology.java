package io.tributary.processor.metrics;

import io.tributary.processor.ProcessorMetrics;
import io.tributary.processor.validate.Checked;
import io.tributary.schema.Event;
import io.tributary.schema.kafka.AvroRecordSerde;
import io.tributary.schema.kafka.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import io.tributary.processor.state.StoreType;
import io.tributary.processor.state.WriteBehindKeyValueStore;
import io.tributary.processor.time.LagProbe;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires the exact windowed metrics into a topology: every valid event becomes an observation of the key
 * {@code service|TYPE|name} ({@link MetricKeys}), pre-aggregated per raw partition into partial windows, which
 * are repartitioned by that key together with per-partition watermarks once per punctuation interval and merged
 * into tumbling windows of each configured size; each closed window is written once, as a {@code MetricWindow},
 * to {@code <prefix>metrics.<size>}.
 *
 * <p>Closing: a window is emitted when every raw partition's event time (see
 * {@link io.tributary.processor.time.EventTimeClock}) has passed its end plus the grace period; a quiet
 * partition's event time follows the wall clock after {@code window.idle.advance.ms}, so a low-traffic
 * deployment still emits. Events that arrive for an already emitted window are counted as late.
 */
public final class MetricsTopology {
    /** Per raw partition: its published event time. */
    public static final String CLOCK_STORE = "metrics-clock";
    /** Per session: routes of HTTP requests awaiting a response. */
    public static final String PENDING_STORE = "metrics-http-pending";
    /** Per raw partition: partial windows since the last watermark. */
    public static final String PARTIALS_STORE = "metrics-partials";
    /** Open windows. */
    public static final String WINDOW_STORE = "metrics-windows";
    /** Per source partition: its last watermark; plus the closing horizon. */
    public static final String WATERMARK_STORE = "metrics-watermarks";
    /** Name of the internal repartition step (topic {@code <application.id>-metrics-observations-repartition}). */
    public static final String REPARTITION = "metrics-observations";

    private MetricsTopology() {
    }

    /**
     * What the metrics part needs to know.
     *
     * @param windows tumbling window sizes
     * @param grace grace period after a window's end
     * @param idleAdvance idle time after which a partition's event time follows the wall clock
     * @param punctuateInterval how often partitions publish watermarks
     * @param pendingRequestTtl how long an unanswered HTTP request is remembered (event time)
     * @param sourcePartitions number of partitions of the raw topic
     * @param lag whether a raw partition is read to its end (idle advance only applies then)
     */
    public record Settings(List<Duration> windows, Duration grace, Duration idleAdvance, Duration punctuateInterval,
                           Duration pendingRequestTtl, int sourcePartitions, LagProbe lag) {
    }

    /** Adds the metrics part, fed by events known to be valid, to {@code builder}. */
    public static void addTo(StreamsBuilder builder, KStream<String, Event> events, Settings s, Topics topics,
                             StoreType stores, ProcessorMetrics metrics) {
        addValidated(builder, events.mapValues(e -> new Checked(null, null, e, false), Named.as("metrics-checked")),
                s, topics, stores, metrics);
    }

    /** Adds the metrics part, fed by the valid records of the validation step, to {@code builder}. */
    public static void addValidated(StreamsBuilder builder, KStream<String, Checked> valid, Settings s,
                                    Topics topics, StoreType stores, ProcessorMetrics metrics) {
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(CLOCK_STORE),
                Serdes.Integer(), Serdes.Long()));
        // these two are updated on every HTTP event and every event: written behind, once per key and commit
        // (see WriteBehindKeyValueStore)
        builder.addStateStore(WriteBehindKeyValueStore.builder(Stores.keyValueStoreBuilder(
                stores.keyValue(PENDING_STORE), Serdes.String(), Serdes.String()).withCachingEnabled()));
        builder.addStateStore(WriteBehindKeyValueStore.builder(Stores.keyValueStoreBuilder(
                stores.keyValue(PARTIALS_STORE), Serdes.Bytes(), PartialWindows.serde()).withCachingEnabled()));
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(WINDOW_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(WATERMARK_STORE),
                Serdes.Integer(), Serdes.Long()));
        long[] sizes = s.windows().stream().mapToLong(Duration::toMillis).toArray();
        valid.process(() -> new MetricObservationProcessor(sizes, s.idleAdvance().toMillis(),
                                s.punctuateInterval().toMillis(), s.pendingRequestTtl().toMillis(), s.lag()),
                        Named.as("metrics-observe"), CLOCK_STORE, PENDING_STORE, PARTIALS_STORE)
                .repartition(Repartitioned.<String, MetricPartial>as(REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new MetricPartialSerde())
                        .withStreamPartitioner(new WatermarkPartitioner()))
                .process(() -> new MetricWindowProcessor(sizes, s.grace().toMillis(), s.sourcePartitions(), metrics),
                        Named.as("metrics-windows"), WINDOW_STORE, WATERMARK_STORE)
                .to((key, window, ctx) -> topics.metrics(
                                Duration.ofMillis(window.getWindowEndMs() - window.getWindowStartMs())),
                        Produced.with(Serdes.String(), AvroRecordSerde.metricWindow()).withName("metrics-out"));
    }
}
