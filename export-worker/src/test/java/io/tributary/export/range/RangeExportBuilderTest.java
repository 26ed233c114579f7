package io.tributary.export.range;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RangeExportBuilderTest {
    static final Map<String, Object> KAFKA = Map.of("bootstrap.servers", "127.0.0.1:1");

    @Test
    void rejectsUnknownTypesAndCategoriesListingTheKnownOnes() {
        assertThatThrownBy(() -> RangeExport.builder().types(Set.of("call", "clal")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'clal'")
                .hasMessageContaining("http_response");
        assertThatThrownBy(() -> RangeExport.builder().categories(Set.of("errors")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'errors'")
                .hasMessageContaining("performance");
    }

    @Test
    void requiresKafkaAndOutAndAnOrderedRange() {
        assertThatThrownBy(() -> RangeExport.builder().out(Path.of("x")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kafka");
        assertThatThrownBy(() -> RangeExport.builder().kafkaSettings(KAFKA).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out");
        assertThatThrownBy(() -> RangeExport.builder().kafkaSettings(Map.of("x", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap.servers");
        Instant t = Instant.parse("2025-11-22T08:00:00Z");
        assertThatThrownBy(() -> RangeExport.builder().kafkaSettings(KAFKA).out(Path.of("x")).from(t).to(t).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before");
        assertThatThrownBy(() -> RangeExport.builder().rotateEvents(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }
}
