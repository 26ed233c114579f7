package io.tributary.bench.scale;

import java.util.List;

/**
 * The outcome of one scale-out run: its figures, the failures injected with their recovery times, and every
 * check.
 *
 * @param validEvents     events the SDK clients sent
 * @param invalidEvents   invalid raw lines sent
 * @param sessions        sessions sent
 * @param sampledEvents   distinct events in events.sampled
 * @param loadSeconds     how long the load ran
 * @param drainSeconds    from the end of the load until every output was complete
 * @param totalSeconds    the whole run, cluster start to checks
 * @param faults          the failures, in order
 * @param checks          the assertions
 */
public record ScaleOutReport(long validEvents, long invalidEvents, long sessions, long sampledEvents,
        double loadSeconds, double drainSeconds, double totalSeconds, List<FaultInjector.Fault> faults,
        List<ScaleOutChecks.Check> checks) {

    /** True when every check passed. */
    public boolean passed() {
        return checks.stream().allMatch(ScaleOutChecks.Check::passed);
    }

    /** The checks that failed, rendered one a line. */
    public List<String> failures() {
        return checks.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail()).toList();
    }

    /** A human-readable summary: figures, failures with recovery times, checks. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("events %,d valid + %,d invalid in %,d sessions; %,d sampled%n", validEvents,
                invalidEvents, sessions, sampledEvents));
        b.append(String.format("load %.1f s (%.0f events/s), drain %.1f s, total %.1f s%n", loadSeconds,
                validEvents / Math.max(loadSeconds, 0.001), drainSeconds, totalSeconds));
        for (FaultInjector.Fault f : faults) {
            b.append(String.format("  %-18s %-15s at %,9d events / %6.1f s -> %s (%s)%n", f.kind(), f.target(),
                    f.atEvents(), f.atSeconds(), f.recovered() ? String.format("recovered in %.1f s",
                            f.recoverySeconds()) : "NOT RECOVERED", f.note()));
        }
        for (ScaleOutChecks.Check c : checks) {
            b.append(c.passed() ? "  PASS " : "  FAIL ").append(c.name()).append(": ").append(c.detail())
                    .append(System.lineSeparator());
        }
        return b.toString();
    }
}
