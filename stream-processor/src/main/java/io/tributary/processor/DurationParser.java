package io.tributary.processor;

import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Parses the short duration notation of window sizes: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 1h}, {@code 1d}. */
final class DurationParser {
    private DurationParser() {
    }

    static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) {
                return positive(text, Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2))));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return positive(text, switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException();
            });
        } catch (RuntimeException e) {
            throw new ConfigException("'" + text + "' is not a duration such as 500ms, 30s, 1m, 1h or 1d");
        }
    }

    private static Duration positive(String text, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(text);
        }
        return d;
    }

    /** Validator of a list of durations. */
    static ConfigDef.Validator listValidator() {
        return (name, value) -> {
            if (value instanceof java.util.List<?> list) {
                for (Object item : list) {
                    try {
                        parse(String.valueOf(item));
                    } catch (ConfigException e) {
                        throw new ConfigException(name, value, e.getMessage());
                    }
                }
            }
        };
    }
}
