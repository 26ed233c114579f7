package io.tributary.runtime.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HealthTest {
    @Test
    void upNeedsNoReasonTheOthersDo() {
        assertThat(Health.up().isUp()).isTrue();
        assertThat(Health.up()).hasToString("UP");
        assertThat(Health.degraded("file export: a partition cannot write"))
                .hasToString("DEGRADED file export: a partition cannot write")
                .satisfies(h -> assertThat(h.isUp()).isFalse());
        assertThat(Health.down("not started").status()).isEqualTo(Health.Status.DOWN);
        assertThatThrownBy(() -> Health.down(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DOWN needs a reason");
        assertThatThrownBy(() -> new Health(null, "")).isInstanceOf(NullPointerException.class);
    }
}
