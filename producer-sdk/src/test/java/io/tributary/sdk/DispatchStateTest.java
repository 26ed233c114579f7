package io.tributary.sdk;

import static io.tributary.sdk.DispatchState.CLOSED;
import static io.tributary.sdk.DispatchState.CONNECTED;
import static io.tributary.sdk.DispatchState.OUTAGE;
import static io.tributary.sdk.DispatchState.REPLAYING;
import static io.tributary.sdk.DispatchState.SPOOL_UNREADABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sdk.DispatchState.Event;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Walks the dispatcher's transition table: every state against every event gives the documented next state. */
class DispatchStateTest {
    /** The table of {@link DispatchState}'s javadoc, row by row, columns in the order of {@link Event}. */
    private static final Map<DispatchState, List<DispatchState>> DOCUMENTED = new EnumMap<>(Map.of(
            //               KAFKA_LOST  KAFKA_BACK  BACKLOG    DRAINED    READ_FAILING      READ_OK           CLOSE
            CONNECTED, List.of(OUTAGE, CONNECTED, REPLAYING, CONNECTED, SPOOL_UNREADABLE, CONNECTED, CLOSED),
            REPLAYING, List.of(OUTAGE, REPLAYING, REPLAYING, CONNECTED, SPOOL_UNREADABLE, REPLAYING, CLOSED),
            SPOOL_UNREADABLE, List.of(OUTAGE, SPOOL_UNREADABLE, SPOOL_UNREADABLE, CONNECTED, SPOOL_UNREADABLE,
                    REPLAYING, CLOSED),
            OUTAGE, List.of(OUTAGE, REPLAYING, OUTAGE, OUTAGE, OUTAGE, OUTAGE, CLOSED),
            CLOSED, List.of(CLOSED, CLOSED, CLOSED, CLOSED, CLOSED, CLOSED, CLOSED)));

    @Test
    void eachStateAndEventGivesTheDocumentedNextState() {
        assertThat(DOCUMENTED).containsOnlyKeys(DispatchState.values());
        List<String> wrong = new ArrayList<>();
        for (DispatchState state : DispatchState.values()) {
            List<DispatchState> row = DOCUMENTED.get(state);
            assertThat(row).as("row %s", state).hasSize(Event.values().length);
            for (Event event : Event.values()) {
                DispatchState expected = row.get(event.ordinal());
                DispatchState actual = state.on(event);
                if (actual != expected) {
                    wrong.add(state + " x " + event + " -> " + actual + ", documented " + expected);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void sendsAreAttemptedExactlyInTheStatesWhereKafkaIsReachable() {
        assertThat(List.of(DispatchState.values())).filteredOn(DispatchState::reachable)
                .containsExactly(CONNECTED, REPLAYING, SPOOL_UNREADABLE);
    }

    /** An outage, then Kafka back with a backlog, replayed until drained: the README's promised order of things. */
    @Test
    void anOutageEndsInReplayingUntilTheSpoolIsDrained() {
        DispatchState state = CONNECTED;
        state = state.on(Event.KAFKA_LOST);
        assertThat(state).isEqualTo(OUTAGE);
        state = state.on(Event.BACKLOG); // spooling while Kafka is gone replays nothing
        assertThat(state).isEqualTo(OUTAGE);
        state = state.on(Event.KAFKA_BACK); // never straight to CONNECTED: new events must not overtake the spool
        assertThat(state).isEqualTo(REPLAYING);
        state = state.on(Event.BACKLOG);
        assertThat(state).isEqualTo(REPLAYING);
        state = state.on(Event.DRAINED);
        assertThat(state).isEqualTo(CONNECTED);
        assertThat(state.on(Event.CLOSE).on(Event.KAFKA_BACK)).isEqualTo(CLOSED);
    }
}
