package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TributaryClientBuilderTest {

    @Test
    void anInvalidEnvironmentValueFailsBuildNamingTheVariableAndValue() {
        TributaryClientBuilder builder = TributaryClient.builder()
                .env(Map.of("TRIBUTARY_BOOTSTRAP_SERVERS", "127.0.0.1:1", "TRIBUTARY_SAMPLE_RATE", "lots"));
        assertThatThrownBy(builder::build).isInstanceOf(TributaryConfigException.class)
                .hasMessageContaining("TRIBUTARY_SAMPLE_RATE='lots'");

        assertThatThrownBy(TributaryClient.builder()
                .env(Map.of("TRIBUTARY_BOOTSTRAP_SERVERS", "127.0.0.1:1", "TRIBUTARY_MAX_BUFFER_EVENTS", "-5"))::build)
                .isInstanceOf(TributaryConfigException.class)
                .hasMessageContaining("TRIBUTARY_MAX_BUFFER_EVENTS='-5'")
                .hasMessageContaining("must be positive");
    }

    @Test
    void missingBootstrapServersIsExplained() {
        assertThatThrownBy(TributaryClient.builder()::build).isInstanceOf(TributaryConfigException.class)
                .hasMessageContaining("TRIBUTARY_BOOTSTRAP_SERVERS");
    }

    @Test
    void kafkaSettingsPassThroughAndBadOnesFailClearly() {
        assertThatThrownBy(TributaryClient.builder()
                .env(Map.of("TRIBUTARY_BOOTSTRAP_SERVERS", "127.0.0.1:1", "TRIBUTARY_KAFKA_SECURITY_PROTOCOL", "CARRIER_PIGEON"))::build)
                .isInstanceOf(TributaryConfigException.class)
                .hasMessageContaining("CARRIER_PIGEON");
    }

    @Test
    void settersRejectBadValuesAtOnce() {
        assertThatThrownBy(() -> TributaryClient.builder().sampleRate(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> BackpressurePolicy.block(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.001");
    }

    @Test
    void environmentValuesReachTheClient() {
        try (TributaryClient client = TributaryClient.builder()
                .env(Map.of("TRIBUTARY_BOOTSTRAP_SERVERS", "127.0.0.1:1", "TRIBUTARY_SERVICE", "billing",
                        "TRIBUTARY_MAX_BUFFER_EVENTS", "3"))
                .build()) {
            assertThat(client.service()).isEqualTo("billing");
            client.close(Duration.ofMillis(100));
        }
    }
}
