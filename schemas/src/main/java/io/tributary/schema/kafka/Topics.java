package io.tributary.schema.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Names of Tributary's topics under one prefix (default {@value #DEFAULT_PREFIX}). Every component derives
 * names from here, so changing the prefix moves the whole platform.
 */
public final class Topics {
    /** The prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "tributary.";

    private final String prefix;

    private Topics(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** Names under {@value #DEFAULT_PREFIX}. */
    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    /** Names under the given prefix (may be empty). */
    public static Topics withPrefix(String prefix) {
        return new Topics(prefix);
    }

    public String prefix() {
        return prefix;
    }

    /** Raw events from producers, keyed by session id. */
    public String raw() {
        return prefix + "events.raw";
    }

    /** Events the sampler kept. */
    public String sampled() {
        return prefix + "events.sampled";
    }

    /** Input that failed decoding or validation, with headers saying why ({@link DeadLetterHeaders}). */
    public String dlq() {
        return prefix + "events.dlq";
    }

    /** Session summaries. */
    public String sessions() {
        return prefix + "sessions";
    }

    /** Sampling rules, compacted, keyed by rule target. */
    public String samplingRules() {
        return prefix + "sampling.rules";
    }

    /** Metrics of one window size, e.g. {@code tributary.metrics.1m}. */
    public String metrics(Duration window) {
        return prefix + "metrics." + windowLabel(window);
    }

    /** Short label of a window size: {@code 30s}, {@code 1m}, {@code 1h}, else milliseconds ({@code 1500ms}). */
    public static String windowLabel(Duration window) {
        long ms = window.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
