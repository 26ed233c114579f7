package io.tributary.processor.sessions;

import io.tributary.processor.validate.Checked;
import io.tributary.schema.kafka.AvroRecordSerde;
import io.tributary.schema.kafka.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import io.tributary.processor.state.StoreType;
import io.tributary.processor.state.WriteBehindKeyValueStore;
import io.tributary.processor.time.LagProbe;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires session summaries into a topology: session windows per session id with an inactivity gap, one
 * {@code SessionSummary} per session written to {@code <prefix>sessions} when the session closes.
 *
 * <p>Sessions rely on the raw topic being keyed by session id (as the SDK does), so one session lives in one
 * partition. An event that arrives after its session was emitted starts a new summary for the same id.
 */
public final class SessionsTopology {
    /** Open sessions by id. */
    public static final String OPEN_STORE = "sessions-open";
    /** Per raw partition: its event time. */
    public static final String CLOCK_STORE = "sessions-clock";

    private SessionsTopology() {
    }

    /**
     * What the sessions part needs to know.
     *
     * @param gap inactivity gap that ends a session
     * @param grace extra wait after the gap
     * @param idleAdvance idle time after which a partition's event time follows the wall clock
     * @param punctuateInterval how often due sessions are looked for
     * @param lag whether a raw partition is read to its end (idle advance only applies then)
     */
    public record Settings(Duration gap, Duration grace, Duration idleAdvance, Duration punctuateInterval,
                           LagProbe lag) {
    }

    /** Adds the sessions part, fed by {@code valid}, to {@code builder}. */
    public static void addTo(StreamsBuilder builder, KStream<String, Checked> valid, Settings s, Topics topics,
                             StoreType stores) {
        // updated on every event: written behind, once per session and commit (see WriteBehindKeyValueStore)
        builder.addStateStore(WriteBehindKeyValueStore.builder(Stores.keyValueStoreBuilder(stores.keyValue(OPEN_STORE),
                Serdes.String(), new SessionStateSerde()).withCachingEnabled()));
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(CLOCK_STORE),
                Serdes.Integer(), Serdes.Long()));
        valid.process(() -> new SessionSummaryProcessor(s.gap(), s.grace(), s.idleAdvance(), s.punctuateInterval(),
                        s.lag()),
                        Named.as("sessions-summarise"), OPEN_STORE, CLOCK_STORE)
                .to(topics.sessions(), Produced.with(Serdes.String(), AvroRecordSerde.sessionSummary())
                        .withName("sessions-out"));
    }
}
