package io.tributary.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.processor.state.StoreType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {
    @Test
    void defaults() {
        ProcessorConfig c = new ProcessorConfig(Map.of());
        assertThat(c.metricsWindows()).containsExactly(Duration.ofMinutes(1));
        assertThat(c.duration(ProcessorConfig.METRICS_GRACE_MS)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.duration(ProcessorConfig.SESSIONS_GAP_MS)).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.getString(ProcessorConfig.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
        assertThat(c.getDouble(ProcessorConfig.SAMPLING_DEFAULT_RATE)).isEqualTo(1.0);
        assertThat(c.topics().raw()).isEqualTo("tributary.events.raw");
        assertThat(c.storeType()).isEqualTo(StoreType.ROCKSDB);
    }

    @Test
    void environmentVariablesMapOntoKeysAndUnknownKeysPassThrough() {
        ProcessorConfig c = ProcessorConfig.fromEnvironment(Map.of(
                "TRIBUTARY_METRICS_WINDOWS", "30s,1h",
                "TRIBUTARY_TOPIC_PREFIX", "acme.",
                "TRIBUTARY_SECURITY_PROTOCOL", "SASL_SSL",
                "PATH", "/bin"), Map.of(ProcessorConfig.SAMPLING_DEFAULT_RATE, "0.5"));
        assertThat(c.metricsWindows()).containsExactly(Duration.ofSeconds(30), Duration.ofHours(1));
        assertThat(c.topics().metrics(Duration.ofHours(1))).isEqualTo("acme.metrics.1h");
        assertThat(c.getDouble(ProcessorConfig.SAMPLING_DEFAULT_RATE)).isEqualTo(0.5);
        assertThat(c.passThrough()).containsOnly(Map.entry("security.protocol", "SASL_SSL"));
    }

    @Test
    void invalidValuesAreRejectedWithTheKey() {
        assertThatThrownBy(() -> new ProcessorConfig(Map.of(ProcessorConfig.METRICS_WINDOWS, "1m,soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.windows").hasMessageContaining("soon");
        assertThatThrownBy(() -> new ProcessorConfig(Map.of(ProcessorConfig.SAMPLING_DEFAULT_RATE, 1.5)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sampling.default.rate");
        assertThatThrownBy(() -> new ProcessorConfig(Map.of(ProcessorConfig.METRICS_WINDOWS, List.of())))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void everyKeyIsDocumented() {
        assertThat(ProcessorConfig.CONFIG.configKeys().values()).allMatch(k -> k.documentation != null
                && !k.documentation.isBlank());
    }
}
