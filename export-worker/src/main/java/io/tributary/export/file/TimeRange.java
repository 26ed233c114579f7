package io.tributary.export.file;

/**
 * First and last event time of some records, in nanoseconds since the Unix epoch.
 *
 * @param firstNs the smallest event time
 * @param lastNs the largest event time
 */
public record TimeRange(long firstNs, long lastNs) {
    /** The range of one event time. */
    public static TimeRange of(long ns) {
        return new TimeRange(ns, ns);
    }

    /** This range widened to include {@code ns}. */
    public TimeRange including(long ns) {
        return ns >= firstNs && ns <= lastNs ? this : new TimeRange(Math.min(firstNs, ns), Math.max(lastNs, ns));
    }

    /** The union of two ranges; {@code other} may be {@code null}. */
    public TimeRange union(TimeRange other) {
        return other == null ? this : including(other.firstNs).including(other.lastNs);
    }
}
