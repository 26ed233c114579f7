package io.tributary.export.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RangeTimeParsingTest {
    static final Instant NOW = Instant.parse("2025-11-22T12:00:00Z");

    @Test
    void parsesAbsoluteTimes() {
        assertThat(ExportTimes.parseInstant("2025-11-22T08:00:00Z", NOW)).isEqualTo("2025-11-22T08:00:00Z");
        assertThat(ExportTimes.parseInstant("2025-11-22T08:00:00.5Z", NOW)).isEqualTo("2025-11-22T08:00:00.500Z");
        assertThat(ExportTimes.parseInstant("2025-11-22T09:00:00+01:00", NOW)).isEqualTo("2025-11-22T08:00:00Z");
        assertThat(ExportTimes.parseInstant("2025-11-22", NOW)).isEqualTo("2025-11-22T00:00:00Z");
    }

    @Test
    void parsesTimesRelativeToNow() {
        assertThat(ExportTimes.parseInstant("now", NOW)).isEqualTo(NOW);
        assertThat(ExportTimes.parseInstant("-1h", NOW)).isEqualTo("2025-11-22T11:00:00Z");
        assertThat(ExportTimes.parseInstant("-90s", NOW)).isEqualTo("2025-11-22T11:58:30Z");
        assertThat(ExportTimes.parseInstant("-15m", NOW)).isEqualTo("2025-11-22T11:45:00Z");
        assertThat(ExportTimes.parseInstant("-7d", NOW)).isEqualTo("2025-11-15T12:00:00Z");
        assertThat(ExportTimes.parseInstant("+2h", NOW)).isEqualTo("2025-11-22T14:00:00Z");
    }

    @Test
    void rejectsOtherTextWithTheAcceptedForms() {
        for (String bad : new String[] {"yesterday", "1h", "-1w", "2025-13-01", ""}) {
            assertThatThrownBy(() -> ExportTimes.parseInstant(bad, NOW))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO-8601")
                    .hasMessageContaining("-1h");
        }
    }

    @Test
    void parsesDurations() {
        assertThat(ExportTimes.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ExportTimes.parseDuration("0s")).isZero();
        assertThat(ExportTimes.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ExportTimes.parseDuration("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> ExportTimes.parseDuration("-5m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExportTimes.parseDuration("soon")).isInstanceOf(IllegalArgumentException.class);
    }
}
