package io.tributary.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafkaCluster;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every container of the deployment files, as the orchestrator would start it, with the real CLI jar
 * against an embedded 3-node Kafka cluster: the topics Job must succeed, and every long-running component must
 * start and report ready on {@code /ready}. A flag the CLI does not know, or a setting it refuses, fails here.
 *
 * <p>What the test changes, and only that: the Kafka address (the embedded cluster's), the metrics port (a free
 * one), the paths of volumes (under a temporary directory), and, so that the sets do not meet, a topic prefix
 * and consumer group per set.
 */
class DeployCommandsIT {
    private static final Path JAR = Path.of("target", "tributary.jar").toAbsolutePath();
    private static final Duration READY_BOUND = Duration.ofSeconds(180);
    private static EmbeddedKafkaCluster kafka;
    private static Path root;

    @BeforeAll
    static void startKafka() throws Exception {
        assertThat(JAR).as("the shaded CLI jar, built in the package phase").exists();
        root = Files.createTempDirectory("tributary-deploy");
        kafka = EmbeddedKafkaCluster.builder().nodes(3).brokerProperty("min.insync.replicas", "2").build();
        kafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes/dev", "kubernetes/prod", "compose/compose.yaml", "compose/compose.scale.yaml"})
    void everyContainerStartsAndReportsReady(String set) throws Exception {
        String[] parts = set.split("/");
        List<DeployedCommand> commands = parts[0].equals("kubernetes")
                ? DeployedCommand.fromKubernetes(parts[1], DeployFiles.kubernetes(parts[1]))
                : DeployedCommand.fromCompose(parts[1], DeployFiles.compose(parts[1]));
        String prefix = set.replaceAll("[^a-z]", "") + ".";
        Path base = root.resolve(prefix);
        for (DeployedCommand c : commands.stream().filter(DeployedCommand::oneShot).toList()) {
            Process p = start(c, prefix, base, 0);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(c + " finishes").isTrue();
            assertThat(p.exitValue()).as(c + " exit code; log in " + log(base, c)).isZero();
        }
        List<Running> running = new ArrayList<>();
        try {
            for (DeployedCommand c : commands.stream().filter(c -> !c.oneShot()).toList()) {
                int port = freePort();
                running.add(new Running(c, start(c, prefix, base, port), port));
            }
            assertThat(running).as("long-running components of " + set).isNotEmpty();
            for (Running r : running) {
                await().atMost(READY_BOUND).pollInterval(Duration.ofMillis(500))
                        .failFast(r + " exited; log in " + log(base, r.command), () -> !r.process.isAlive())
                        .until(() -> status(r.port, "/ready") == 200);
                assertThat(status(r.port, "/health")).as(r + " /health").isEqualTo(200);
            }
        } finally {
            for (Running r : running) {
                r.process.destroy();
            }
            for (Running r : running) {
                assertThat(r.process.waitFor(90, TimeUnit.SECONDS)).as(r + " stops on SIGTERM").isTrue();
                assertThat(r.process.exitValue()).as(r + " exit code").isIn(0, 130, 143);
            }
        }
    }

    /** Starts the container's command as a child JVM, changed only as the class javadoc says. */
    private static Process start(DeployedCommand c, String prefix, Path base, int metricsPort) throws IOException {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < c.args().size(); i++) {
            String arg = c.args().get(i);
            String previous = i == 0 ? "" : c.args().get(i - 1);
            args.add(previous.equals("--bootstrap-servers") ? kafka.bootstrapServers()
                    : previous.equals("--metrics-port") ? String.valueOf(metricsPort) : rebase(arg, c, base));
        }
        assertThat(String.join(" ", args)).as(c + ": a path outside the container's volumes").doesNotContain("/var/");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m", "-jar", JAR.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path log = log(base, c);
        Files.createDirectories(log.getParent());
        builder.redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("TRIBUTARY_"));
        c.env().forEach((k, v) -> env.put(k, rebase(v, c, base)));
        assertThat(c.env().keySet().stream().filter(k -> env.get(k).contains("/var/")).toList())
                .as(c + ": variables with a path outside the container's volumes").isEmpty();
        if (env.containsKey("TRIBUTARY_BOOTSTRAP_SERVERS")) {
            env.put("TRIBUTARY_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        }
        env.put("TRIBUTARY_TOPIC_PREFIX", prefix);
        if (args.get(0).equals("process")) {
            env.put("TRIBUTARY_APPLICATION_ID", prefix + "processor");
        } else if (args.get(0).equals("export")) {
            env.put("TRIBUTARY_GROUP_ID", prefix + "export-" + args.get(1));
        }
        for (Map.Entry<String, String> f : c.files().entrySet()) {
            Path file = Path.of(rebase(f.getKey(), c, base));
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        return builder.start();
    }

    /**
     * Moves the container's volume paths to a directory per volume under {@code base}, so that containers
     * naming the same volume share it (the file exporters' exports) and no others do (each processor's state).
     */
    private static String rebase(String value, DeployedCommand c, Path base) {
        for (Map.Entry<String, String> mount : c.mounts().entrySet()) {
            value = value.replace(mount.getKey(), base.resolve("volumes").resolve(mount.getValue()).toString());
        }
        return value;
    }

    private static Path log(Path base, DeployedCommand c) {
        return base.resolve("logs").resolve(c.source().replace('/', '_') + ".log");
    }

    private static int status(int port, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                    .openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode();
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record Running(DeployedCommand command, Process process, int port) {
        @Override
        public String toString() {
            return command.toString();
        }
    }
}
