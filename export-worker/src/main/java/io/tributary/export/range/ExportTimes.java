package io.tributary.export.range;

import io.tributary.runtime.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses the time arguments of range exports.
 *
 * <ul>
 *   <li>ISO-8601 instants: {@code 2025-11-22T08:00:00Z}, with an offset {@code 2025-11-22T09:00:00+01:00};</li>
 *   <li>a date, meaning its start in UTC: {@code 2025-11-22};</li>
 *   <li>{@code now}, and times relative to now: a sign and a duration of {@link Durations}' grammar, e.g.
 *       {@code -90s}, {@code -15m}, {@code -1h}, {@code -7d}, {@code -PT1H} ({@code +} for the future).</li>
 * </ul>
 *
 * Durations are those of {@link Durations}: {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601
 * ({@code PT5M}).
 */
public final class ExportTimes {
    private ExportTimes() {
    }

    /**
     * Parses an instant, resolving relative forms against {@code now}.
     *
     * @throws IllegalArgumentException when the text is none of the accepted forms
     */
    public static Instant parseInstant(String text, Instant now) {
        String t = text.trim();
        if (t.equalsIgnoreCase("now")) {
            return now;
        }
        if (t.startsWith("-") || t.startsWith("+")) {
            Duration d;
            try {
                d = Durations.parse(t.substring(1));
            } catch (IllegalArgumentException e) {
                throw notATime(text);
            }
            return t.startsWith("-") ? now.minus(d) : now.plus(d);
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw notATime(text);
        }
    }

    private static IllegalArgumentException notATime(String text) {
        return new IllegalArgumentException("'" + text + "' is not a time: use an ISO-8601 instant such as "
                + "2025-11-22T08:00:00Z, a date such as 2025-11-22, now, or a relative time such as -1h");
    }

    /**
     * Parses a non-negative duration of {@link Durations}' grammar: {@code 500ms}, {@code 30s}, {@code 5m},
     * {@code 2h}, {@code 1d} or ISO-8601.
     *
     * @throws IllegalArgumentException when the text is not such a duration
     */
    public static Duration parseDuration(String text) {
        return Durations.parse(text);
    }
}
