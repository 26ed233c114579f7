package io.tributary.export.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.export.format.RecordKind;
import io.tributary.export.testing.TestEvents;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordFilterTest {
    final List<Event> events = TestEvents.all();

    long accepted(RecordFilter filter) {
        return events.stream().filter(e -> filter.accepts(RecordKind.EVENT, e, e.getTsNs())).count();
    }

    @Test
    void emptyFilterAcceptsEverything() {
        assertThat(accepted(RecordFilter.acceptAll())).isEqualTo(events.size());
    }

    @Test
    void timeRangeIsInclusiveFromExclusiveTo() {
        Event first = events.get(0);
        Instant at = Instant.ofEpochSecond(0, first.getTsNs());
        RecordFilter from = new RecordFilter(at, null, Set.of(), Set.of(), Set.of());
        RecordFilter to = new RecordFilter(null, at, Set.of(), Set.of(), Set.of());
        assertThat(from.accepts(RecordKind.EVENT, first, first.getTsNs())).isTrue();
        assertThat(to.accepts(RecordKind.EVENT, first, first.getTsNs())).isFalse();
        assertThat(accepted(from) + accepted(to)).isEqualTo(events.size());
    }

    @Test
    void typesCategoriesAndSessionsSelectEvents() {
        long calls = events.stream().filter(e -> e.getType() == EventType.CALL).count();
        assertThat(accepted(new RecordFilter(null, null, Set.of(), Set.of("call"), Set.of()))).isEqualTo(calls)
                .isPositive();
        String session = events.get(0).getSessionId();
        long inSession = events.stream().filter(e -> session.equals(e.getSessionId())).count();
        assertThat(accepted(new RecordFilter(null, null, Set.of(), Set.of(), Set.of(session)))).isEqualTo(inSession);
        assertThat(accepted(new RecordFilter(null, null, Set.of("Usage"), Set.of(), Set.of()))).isEqualTo(
                events.stream().filter(e -> e.getCategory().name().equals("USAGE")).count());
    }
}
