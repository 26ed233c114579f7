package io.tributary.bench.scale;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What one scale-out run does. {@link #bounded} is the integration test's size, {@link #large} the harness's
 * default; both inject the same failures.
 *
 * @param events            valid events the SDK clients send at least (the load goes on until every injected
 *                          failure has recovered, so a run may send a little more)
 * @param eventsPerSecond   target rate of the SDK load across all clients
 * @param invalidEvery      one raw invalid JSON line is produced for every this many valid events
 * @param partitions        partitions of every Tributary event topic
 * @param stopControllerFirst whether the first broker stopped is the active controller (it must also lead a
 *                          partition of events.raw); otherwise a broker that leads one and is not the controller
 * @param brokerStops       how many times a broker is stopped and restarted (the second one, if any, is the other
 *                          kind: controller or not)
 * @param workDir           where the cluster, state, exports and child JVM logs go
 * @param cliJar            the shaded CLI jar the child JVMs run
 * @param maxLag            the load pauses while the processors have more raw events than this to process, so
 *                          that a slow machine gets the same failures mid-flow rather than a backlog
 * @param drainTimeout      how long to wait for the outputs once the load stopped
 */
public record ScaleOutSettings(long events, int eventsPerSecond, int invalidEvery, int partitions,
        boolean stopControllerFirst, int brokerStops, Path workDir, Path cliJar, long maxLag, Duration drainTimeout) {

    /** Metrics window of the run: short so that windows close within the run. */
    static final Duration WINDOW = Duration.ofSeconds(10);

    public ScaleOutSettings {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(cliJar, "cliJar");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (maxLag < 1 || events < 1 || eventsPerSecond < 1 || invalidEvery < 1 || partitions < 1 || brokerStops < 1) {
            throw new IllegalArgumentException("events, eventsPerSecond, invalidEvery, partitions and brokerStops "
                    + "must be positive, got " + events + ", " + eventsPerSecond + ", " + invalidEvery + ", "
                    + partitions + ", " + brokerStops);
        }
    }

    /** The integration test: 200,000 events at 2,500/s, one broker stop (the controller), 6 partitions. */
    public static ScaleOutSettings bounded(Path workDir, Path cliJar) {
        return new ScaleOutSettings(200_000, 2_500, 100, 6, true, 1, workDir, cliJar, 20_000, Duration.ofMinutes(4));
    }

    /** The harness default: {@code events} at 4,000/s, two broker stops (a leader, then the controller). */
    public static ScaleOutSettings large(long events, Path workDir, Path cliJar) {
        return new ScaleOutSettings(events, 4_000, 100, 6, false, 2, workDir, cliJar, 50_000, Duration.ofMinutes(10));
    }
}
