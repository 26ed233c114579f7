package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void unitsAndIsoForms() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse(" 2M ")).as("case and blanks").isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("pt1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("P1D")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("0s")).isZero();
    }

    @Test
    void anythingElseIsRefusedNamingTheTextAndTheGrammar() {
        for (String bad : List.of("soon", "", "5", "-5m", "1.5h", "5 min", "PT-1M", "1w",
                "99999999999999999999s", "9999999999999999d")) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is not a duration: use " + Durations.GRAMMAR);
        }
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void positiveRefusesZero() {
        assertThat(Durations.parsePositive("1ms")).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> Durations.parsePositive("0m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'0m' is not a positive duration");
    }

    @Test
    void theListValidatorNamesTheSettingAndTheBadItem() {
        var validator = Durations.positiveListValidator();
        validator.ensureValid("metrics.windows", List.of("1m", "PT1H"));
        assertThatThrownBy(() -> validator.ensureValid("metrics.windows", List.of("1m", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.windows")
                .hasMessageContaining("'soon' is not a duration");
    }
}
