package io.tributary.runtime.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one duration grammar of Tributary, used by every setting, flag and argument that takes a duration
 * ({@code metrics.windows}, {@code --status-interval}, {@code --lateness}, relative times such as {@code -1h}):
 *
 * <ul>
 *   <li>a whole number and a unit: {@code ms} (milliseconds), {@code s}, {@code m} (minutes), {@code h} or
 *       {@code d} (24 hours), e.g. {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d};</li>
 *   <li>or ISO-8601, e.g. {@code PT1M}, {@code PT1H30M}, {@code P1D}.</li>
 * </ul>
 *
 * Case and surrounding blanks do not matter. Durations are never negative; where zero makes no sense (a
 * window size) {@link #parsePositive} refuses it.
 */
public final class Durations {
    /** The grammar in one line, for error messages and help texts. */
    public static final String GRAMMAR = "a whole number with a unit ms, s, m, h or d (500ms, 30s, 5m, 1h, 7d) "
            + "or ISO-8601 (PT1M)";

    private static final Pattern UNIT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses a duration of the grammar above; zero is allowed.
     *
     * @throws IllegalArgumentException naming the text and the grammar when it is not such a duration
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            Matcher m = UNIT.matcher(t);
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            Duration iso = Duration.parse(t.toUpperCase(Locale.ROOT));
            if (!iso.isNegative()) {
                return iso;
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            // a number too large, or not ISO-8601: reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration: use " + GRAMMAR);
    }

    /**
     * {@link #parse}, refusing zero.
     *
     * @throws IllegalArgumentException when the text is not a duration or is zero
     */
    public static Duration parsePositive(String text) {
        Duration d = parse(text);
        if (d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration: use " + GRAMMAR);
        }
        return d;
    }

    /** A {@link ConfigDef} validator of a {@code LIST} setting whose items are positive durations. */
    public static ConfigDef.Validator positiveListValidator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value instanceof List<?> list) {
                    for (Object item : list) {
                        try {
                            parsePositive(String.valueOf(item));
                        } catch (IllegalArgumentException e) {
                            throw new ConfigException(name, value, e.getMessage());
                        }
                    }
                }
            }

            @Override
            public String toString() {
                return "durations, each " + GRAMMAR;
            }
        };
    }
}
