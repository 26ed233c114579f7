package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TributaryClientEnvTest {
    @Test
    void otherComponentsVariablesAreLeftToThem() {
        try (TributaryClient client = TributaryClient.builder()
                .env(Map.of("TRIBUTARY_BOOTSTRAP_SERVERS", "127.0.0.1:1", "TRIBUTARY_SERVICE", "billing",
                        "TRIBUTARY_METRICS_WINDOWS", "soon", "TRIBUTARY_EXPORT_FORMAT", "xml",
                        "TRIBUTARY_SECURITY_PROTOCOL", "CARRIER_PIGEON"))
                .build()) {
            assertThat(client.service()).isEqualTo("billing");
            client.close(Duration.ofMillis(100));
        }
    }

    @Test
    void everyBadValueIsNamedWithItsVariable() {
        assertThatThrownBy(TributaryClient.builder().env(Map.of("TRIBUTARY_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "TRIBUTARY_MAX_STR", "long", "TRIBUTARY_SPOOL_MAX_BYTES", "0"))::build)
                .isInstanceOf(TributaryConfigException.class)
                .hasMessageContaining("TRIBUTARY_MAX_STR='long' is invalid")
                .hasMessageContaining("TRIBUTARY_SPOOL_MAX_BYTES='0' is invalid: spoolMaxBytes must be positive");
    }
}
