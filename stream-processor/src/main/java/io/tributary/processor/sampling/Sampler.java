package io.tributary.processor.sampling;

import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Priority;
import io.tributary.schema.sampling.ConsistentSampling;

/**
 * The sampling decision for one event under its rule. In order:
 * <ol>
 *   <li>always kept: exceptions, HTTP responses with status &ge; 500, high and critical priority, and events
 *       whose rule says always-keep; their {@code sample_rate} is unchanged;</li>
 *   <li>kept when the session is kept at the rule's rate ({@link ConsistentSampling}, so a session is kept or
 *       dropped whole; events without a session use their event id); {@code sample_rate} becomes the lower
 *       of the incoming rate and the rule's rate, because the same hash decided both;</li>
 *   <li>kept while fewer than the rule's minimum events of this type were kept in the window, with the same
 *       {@code sample_rate} as in 2;</li>
 *   <li>otherwise dropped.</li>
 * </ol>
 */
final class Sampler {
    private Sampler() {
    }

    /** Why an event was kept or dropped. */
    enum Decision {
        ALWAYS, SESSION, MINIMUM, DROPPED;

        boolean kept() {
            return this != DROPPED;
        }
    }

    static Decision decide(Event e, RuleValue rule, long keptInWindow) {
        if (alwaysKept(e) || rule.alwaysKeep()) {
            return Decision.ALWAYS;
        }
        String unit = e.getSessionId() != null ? e.getSessionId() : e.getEventId();
        if (ConsistentSampling.keeps(unit, rule.rate())) {
            return Decision.SESSION;
        }
        return keptInWindow < rule.minPerWindow() ? Decision.MINIMUM : Decision.DROPPED;
    }

    /** The {@code sample_rate} a kept event carries. */
    static double sampleRate(Event e, RuleValue rule, Decision decision) {
        return decision == Decision.ALWAYS ? e.getSampleRate() : Math.min(e.getSampleRate(), rule.rate());
    }

    static boolean alwaysKept(Event e) {
        if (e.getType() == EventType.EXCEPTION) {
            return true;
        }
        if (e.getPriority() == Priority.HIGH || e.getPriority() == Priority.CRITICAL) {
            return true;
        }
        return e.getType() == EventType.HTTP_RESPONSE && ((HttpResponse) e.getPayload()).getStatus() >= 500;
    }
}
