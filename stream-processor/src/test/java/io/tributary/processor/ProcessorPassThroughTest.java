package io.tributary.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.runtime.config.SharedConfigDef;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorPassThroughTest {
    @Test
    void theSharedKeysAreComposedIntoTheProcessorsDefinition() {
        assertThat(ProcessorConfig.CONFIG.names()).containsAll(SharedConfigDef.define().names())
                .contains(ProcessorConfig.METRICS_WINDOWS);
        ProcessorConfig config = new ProcessorConfig(Map.of());
        assertThat(config.getString(ProcessorConfig.DEFAULT_SERVICE))
                .isEqualTo(io.tributary.schema.codec.DecodeContext.UNKNOWN_SERVICE);
        assertThat(config.getString(ProcessorConfig.TOPIC_PREFIX))
                .isEqualTo(io.tributary.schema.kafka.Topics.DEFAULT_PREFIX);
    }

    @Test
    void onlyWhatKafkaStreamsTakesReachesIt() {
        ProcessorConfig config = ProcessorConfig.fromEnvironment(Map.of(
                "TRIBUTARY_SPOOL_DIR", "/var/spool/tributary",        // the SDK's
                "TRIBUTARY_LOG_LEVEL", "DEBUG",                       // the CLI's
                "TRIBUTARY_NUM_STANDBY_REPLICAS", "1",                // Kafka Streams
                "TRIBUTARY_KAFKA_SASL_MECHANISM", "PLAIN"),           // explicit
                Map.of("main.consumer.max.poll.records", "100", "metricswindows", "1m",
                        "kafka.my.login.option", "x"));
        assertThat(config.passThrough()).containsOnly(Map.entry("num.standby.replicas", "1"),
                Map.entry("sasl.mechanism", "PLAIN"), Map.entry("main.consumer.max.poll.records", "100"),
                Map.entry("my.login.option", "x"));
        assertThat(StreamProcessor.create(config, new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
                .streamsProperties()).doesNotContainKeys("spool.dir", "log.level", "metricswindows")
                .containsEntry("sasl.mechanism", "PLAIN");
    }
}
