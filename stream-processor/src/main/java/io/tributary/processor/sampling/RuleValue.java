package io.tributary.processor.sampling;

/** A rule as the processor holds it, without its target (the store key). */
record RuleValue(double rate, long minPerWindow, boolean alwaysKeep) {
    static RuleValue of(SamplingRule rule) {
        return new RuleValue(rule.rate(), rule.minPerWindow(), rule.alwaysKeep());
    }
}
