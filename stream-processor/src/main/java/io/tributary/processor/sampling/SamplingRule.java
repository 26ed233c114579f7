package io.tributary.processor.sampling;

import io.tributary.schema.Category;
import io.tributary.schema.EventType;
import java.util.Locale;
import java.util.Objects;

/**
 * One sampling rule: which events it applies to, and how they are sampled.
 *
 * <p>Targets are {@code type:<event type>} (e.g. {@code type:call}), {@code category:<category>} (e.g.
 * {@code category:usage}) or {@value #DEFAULT_TARGET}. An event follows the rule of its type, else of its
 * category, else the default rule (else the processor's configured default).
 *
 * @param target what the rule applies to; also its key in the {@code sampling.rules} topic
 * @param rate fraction of sessions kept, in [0, 1]; a session is kept or dropped whole
 * @param minPerWindow events of each type kept per sampling window whatever the rate (per partition)
 * @param alwaysKeep keep every event the rule applies to
 */
public record SamplingRule(String target, double rate, long minPerWindow, boolean alwaysKeep) {
    /** Target of the rule used when no type or category rule matches. */
    public static final String DEFAULT_TARGET = "default";

    /**
     * @throws IllegalArgumentException when the target is not one of the three forms, the rate lies outside
     *     [0, 1] or the minimum is negative
     */
    public SamplingRule {
        Objects.requireNonNull(target, "target");
        checkTarget(target);
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("rate must be in [0, 1], got " + rate);
        }
        if (minPerWindow < 0) {
            throw new IllegalArgumentException("minPerWindow must not be negative, got " + minPerWindow);
        }
    }

    /** Rule for one event type. */
    public static SamplingRule forType(EventType type, double rate, long minPerWindow, boolean alwaysKeep) {
        return new SamplingRule(typeTarget(type), rate, minPerWindow, alwaysKeep);
    }

    /** Rule for one category. */
    public static SamplingRule forCategory(Category category, double rate, long minPerWindow, boolean alwaysKeep) {
        return new SamplingRule(categoryTarget(category), rate, minPerWindow, alwaysKeep);
    }

    /** The default rule. */
    public static SamplingRule defaultRule(double rate, long minPerWindow) {
        return new SamplingRule(DEFAULT_TARGET, rate, minPerWindow, false);
    }

    /** Target string of an event type: {@code type:call}. */
    public static String typeTarget(EventType type) {
        return "type:" + type.name().toLowerCase(Locale.ROOT);
    }

    /** Target string of a category: {@code category:usage}. */
    public static String categoryTarget(Category category) {
        return "category:" + category.name().toLowerCase(Locale.ROOT);
    }

    private static void checkTarget(String target) {
        if (target.equals(DEFAULT_TARGET)) {
            return;
        }
        try {
            if (target.startsWith("type:")) {
                EventType.valueOf(target.substring(5).toUpperCase(Locale.ROOT));
                return;
            }
            if (target.startsWith("category:")) {
                Category.valueOf(target.substring(9).toUpperCase(Locale.ROOT));
                return;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message naming the accepted forms
        }
        throw new IllegalArgumentException("target '" + target + "' is none of type:<event type>, "
                + "category:<category>, " + DEFAULT_TARGET);
    }
}
