package io.tributary.export.range;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * When scheduled exports run: a cron expression in <b>Unix syntax</b>, five fields
 * {@code minute hour day-of-month month day-of-week}, e.g. {@code 0 * * * *} (hourly), {@code *&#47;15 * * * *}
 * (every 15 minutes), {@code 30 2 * * 1-5} (02:30 on weekdays), evaluated in a time zone (UTC unless given).
 * Quartz's six- and seven-field syntax with seconds is not accepted. Immutable.
 */
public final class CronSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, ZoneId zone, Cron cron) {
        this.expression = expression;
        this.zone = zone;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /**
     * Parses a Unix cron expression evaluated in {@code zone}.
     *
     * @throws IllegalArgumentException when the expression is not valid Unix cron
     */
    public static CronSchedule unix(String expression, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        try {
            Cron cron = UNIX.parse(expression.trim()).validate();
            return new CronSchedule(expression.trim(), zone, cron);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a Unix cron expression (minute hour "
                    + "day-of-month month day-of-week, e.g. '0 * * * *'): " + e.getMessage(), e);
        }
    }

    /** The first run time strictly after {@code t}; empty if the expression never fires again. */
    public Optional<Instant> nextAfter(Instant t) {
        return executionTime.nextExecution(ZonedDateTime.ofInstant(t, zone)).map(ZonedDateTime::toInstant);
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    /** The time zone it is evaluated in. */
    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return "'" + expression + "' (" + zone + ")";
    }
}
