package io.tributary.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.runtime.service.Health;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamProcessorHealthTest {
    @Test
    void runningIsUpRebalancingIsAliveButNotReadyEveryOtherStateIsDownNamingIt() {
        assertThat(StreamProcessor.health(State.RUNNING)).isEqualTo(Health.up());
        assertThat(StreamProcessor.health(State.REBALANCING)).isEqualTo(Health.degraded("processor REBALANCING"));
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

    @Test
    void aRestoreLongerThanItsBoundMakesARunningProcessorNotReadyUntilItEnds() {
        long[] now = {0};
        RestoreProgress restores = new RestoreProgress(() -> now[0]);
        TopicPartition changelog = new TopicPartition("tributary-processor-partials-changelog", 2);
        assertThat(restores.longest()).isZero();
        restores.onRestoreStart(changelog, "partials", 0, 1_000);
        now[0] = Duration.ofSeconds(90).toNanos();
        assertThat(restores.longest()).isEqualTo(Duration.ofSeconds(90));
        assertThat(restores.restoring()).isEqualTo(1);
        restores.onRestoreEnd(changelog, "partials", 1_000);
        assertThat(restores.longest()).isZero();
        assertThat(restores.restoring()).isZero();
    }

    @Test
    void aStaticMemberStaysInTheGroupOnCloseADynamicOneLeaves() {
        ProcessorConfig dynamic = new ProcessorConfig(Map.of(ProcessorConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1"));
        ProcessorConfig fixed = new ProcessorConfig(Map.of(ProcessorConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1",
                "group.instance.id", "tributary-processor-0"));
        assertThat(StreamProcessor.create(dynamic, new SimpleMeterRegistry()).staticMember()).isFalse();
        assertThat(StreamProcessor.create(fixed, new SimpleMeterRegistry()).staticMember()).isTrue();
    }
}
