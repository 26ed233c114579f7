package io.tributary.processor.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.processor.time.LagProbe;
import io.tributary.schema.SessionSummary;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A session restored from the store (after a restart or a task migration) on a partition that receives no new
 * events must still close once its gap and grace have passed.
 */
class RestoredSessionsTest {
    private static final long T0_MS = 1_763_800_000_000L;

    @Test
    void aRestoredOpenSessionClosesWithoutNewEvents() {
        MockProcessorContext<String, SessionSummary> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(T0_MS + 130_000);
        KeyValueStore<String, SessionSummary> open = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(SessionsTopology.OPEN_STORE), Serdes.String(), new SessionStateSerde())
                .withLoggingDisabled().build();
        KeyValueStore<Integer, Long> clock = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(SessionsTopology.CLOCK_STORE), Serdes.Integer(), Serdes.Long())
                .withLoggingDisabled().build();
        open.init(context.getStateStoreContext(), open);
        clock.init(context.getStateStoreContext(), clock);
        context.addStateStore(open);
        context.addStateStore(clock);
        // what the previous owner of the task left: one open session, and the partition's event time
        long endNs = T0_MS * 1_000_000L;
        open.put("s1", SessionSummary.newBuilder().setSessionId("s1").setService("svc").setStartNs(endNs - 5_000_000)
                .setEndNs(endNs).setDurationNs(5_000_000).setEventCount(3).setCalls(2).setExceptions(0)
                .setHttpCalls(0).setErrorStatuses(0).build());
        clock.put(context.taskId().partition(), T0_MS + 120_000);

        SessionSummaryProcessor processor = new SessionSummaryProcessor(Duration.ofMinutes(1),
                Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(1), LagProbe.ALWAYS_CAUGHT_UP);
        processor.init(context);
        List<MockProcessorContext.CapturedPunctuator> punctuators = context.scheduledPunctuators();
        assertThat(punctuators).hasSize(1);
        punctuators.get(0).getPunctuator().punctuate(context.currentSystemTimeMs());

        List<CapturedForward<? extends String, ? extends SessionSummary>> forwarded = context.forwarded();
        assertThat(forwarded).singleElement().satisfies(f -> {
            assertThat(f.record().key()).isEqualTo("s1");
            assertThat(f.record().value().getCalls()).isEqualTo(2);
            assertThat(f.record().value().getEventCount()).isEqualTo(3);
        });
        assertThat(open.get("s1")).isNull();
    }
}
