package io.tributary.export.range;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the time arguments of range exports.
 *
 * <ul>
 *   <li>ISO-8601 instants: {@code 2025-11-22T08:00:00Z}, with an offset {@code 2025-11-22T09:00:00+01:00};</li>
 *   <li>a date, meaning its start in UTC: {@code 2025-11-22};</li>
 *   <li>{@code now}, and times relative to now: {@code -90s}, {@code -15m}, {@code -1h}, {@code -7d}
 *       ({@code +} for the future).</li>
 * </ul>
 *
 * Durations use the same units without a sign: {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601
 * ({@code PT5M}).
 */
public final class ExportTimes {
    private static final Pattern RELATIVE = Pattern.compile("([+-])?(\\d+)(ms|s|m|h|d)");

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
        Matcher m = RELATIVE.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches() && m.group(1) != null) {
            Duration d = duration(Long.parseLong(m.group(2)), m.group(3));
            return m.group(1).equals("-") ? now.minus(d) : now.plus(d);
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
            throw new IllegalArgumentException("'" + text + "' is not a time: use an ISO-8601 instant such as "
                    + "2025-11-22T08:00:00Z, a date such as 2025-11-22, now, or a relative time such as -1h");
        }
    }

    /**
     * Parses a non-negative duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601.
     *
     * @throws IllegalArgumentException when the text is not such a duration
     */
    public static Duration parseDuration(String text) {
        String t = text.trim();
        Matcher m = RELATIVE.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches() && m.group(1) == null) {
            return duration(Long.parseLong(m.group(2)), m.group(3));
        }
        try {
            Duration d = Duration.parse(t);
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 30s, 5m, 2h, 1d or PT5M");
    }

    private static Duration duration(long amount, String unit) {
        switch (unit) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                return Duration.ofDays(amount);
        }
    }
}
