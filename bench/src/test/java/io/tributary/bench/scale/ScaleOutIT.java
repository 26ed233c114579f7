package io.tributary.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/**
 * The scale-out proof at its bounded size (about 3 minutes on 2 cores): 200,000 SDK events and 2,000 invalid
 * lines through 3 brokers, 2 processors, 2 file workers and an HTTP exporter in separate JVMs, while the broker
 * that is the active controller and leads partitions of events.raw is stopped, a processor and a file worker are
 * killed with SIGKILL and restarted, and the broker comes back. See {@link ScaleOutHarness} for what is checked.
 * Needs {@code cli/target/tributary.jar}, which the reactor builds first (bench depends on cli for that).
 * Child JVM logs: {@code bench/target/scale-out-it/<time>/logs}.
 */
class ScaleOutIT {
    @Test
    void everyOutputMatchesWhatWasSentThroughBrokerAndProcessCrashes() throws Exception {
        Path jar = Path.of(System.getProperty("tributary.jar", "../cli/target/tributary.jar"));
        Path work = Files.createDirectories(Path.of("target", "scale-out-it",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));

        ScaleOutReport report = ScaleOutHarness.run(ScaleOutSettings.bounded(work, jar), System.out);
        System.out.println(report.render());

        assertThat(report.validEvents()).isGreaterThanOrEqualTo(200_000);
        assertThat(report.faults()).extracting(FaultInjector.Fault::kind)
                .containsExactly("stop broker", "kill -9 + restart", "kill -9 + restart", "restart broker");
        assertThat(report.failures()).as("failed checks").isEmpty();
        assertThat(report.checks()).hasSize(10);
    }
}
