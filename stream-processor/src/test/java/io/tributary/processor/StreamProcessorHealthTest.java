package io.tributary.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.runtime.service.Health;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamProcessorHealthTest {
    @Test
    void runningAndRebalancingAreUpEveryOtherStateIsDownNamingIt() {
        assertThat(StreamProcessor.health(State.RUNNING)).isEqualTo(Health.up());
        assertThat(StreamProcessor.health(State.REBALANCING)).isEqualTo(Health.up());
        for (State state : new State[] {State.CREATED, State.PENDING_SHUTDOWN, State.NOT_RUNNING,
            State.PENDING_ERROR, State.ERROR}) {
            assertThat(StreamProcessor.health(state)).as(state.name())
                    .isEqualTo(Health.down("processor " + state.name()));
        }
    }

    @Test
    void aProcessorNotStartedIsDownAndClosesAtOnce() {
        StreamProcessor processor = StreamProcessor.create(
                new ProcessorConfig(Map.of(ProcessorConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1")), new SimpleMeterRegistry());
        assertThat(processor.health()).isEqualTo(Health.down("processor CREATED"));
        assertThat(processor.close(Duration.ofSeconds(1))).isTrue();
    }
}
