package io.tributary.export.core;

import io.tributary.export.format.RecordKind;
import io.tributary.schema.Event;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.IndexedRecord;

/**
 * Which records are exported. The time range applies to every kind (event time, {@code from} inclusive,
 * {@code to} exclusive); categories, event types and session ids apply to events. Empty sets accept all.
 * Immutable.
 */
public final class RecordFilter {
    private final long fromNs;
    private final long toNs;
    private final Set<String> categories;
    private final Set<String> types;
    private final Set<String> sessions;

    /**
     * @param from earliest event time, or {@code null}
     * @param to event time bound (exclusive), or {@code null}
     * @param categories category names ({@code usage}, ...), case-insensitive
     * @param types event type names ({@code call}, {@code http_response}, ...), case-insensitive
     * @param sessions session ids
     */
    public RecordFilter(Instant from, Instant to, Set<String> categories, Set<String> types, Set<String> sessions) {
        this.fromNs = from == null ? Long.MIN_VALUE : toNanos(from);
        this.toNs = to == null ? Long.MAX_VALUE : toNanos(to);
        this.categories = upper(categories);
        this.types = upper(types);
        this.sessions = Set.copyOf(sessions);
    }

    /** A filter that accepts everything. */
    public static RecordFilter acceptAll() {
        return new RecordFilter(null, null, Set.of(), Set.of(), Set.of());
    }

    /** True when the record is to be exported. */
    public boolean accepts(RecordKind kind, IndexedRecord record, long eventTimeNs) {
        if (eventTimeNs < fromNs || eventTimeNs >= toNs) {
            return false;
        }
        if (kind != RecordKind.EVENT) {
            return true;
        }
        Event e = (Event) record;
        return (categories.isEmpty() || categories.contains(e.getCategory().name()))
                && (types.isEmpty() || types.contains(e.getType().name()))
                && (sessions.isEmpty() || (e.getSessionId() != null && sessions.contains(e.getSessionId())));
    }

    private static long toNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static Set<String> upper(Set<String> names) {
        return names.stream().map(n -> n.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
