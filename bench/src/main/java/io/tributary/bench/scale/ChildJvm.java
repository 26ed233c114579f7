package io.tributary.bench.scale;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code tributary} command in its own JVM, started from the CLI jar the way a container runs it: the
 * command line of the manifest, its {@code TRIBUTARY_*} environment, output appended to a log file. Killing it
 * is SIGKILL (no shutdown hook runs); it can be started again with the same command, environment and state.
 */
final class ChildJvm implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final int metricsPort;
    private volatile Process process;

    ChildJvm(String name, Path cliJar, String heap, List<String> args, Map<String, String> env, Path log,
             int metricsPort) {
        this.name = name;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", cliJar.toString()));
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
        this.env = Map.copyOf(env);
        this.log = log;
        this.metricsPort = metricsPort;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** Starts the JVM (again, after a kill); output goes to the end of the log. */
    synchronized void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // The test JVM's own TRIBUTARY_* variables must not leak into the component's settings.
        builder.environment().keySet().removeIf(k -> k.startsWith("TRIBUTARY_"));
        builder.environment().putAll(env);
        process = builder.start();
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** {@code GET /health} answers 200 (UP). */
    boolean healthy() {
        if (!alive()) {
            return false;
        }
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/health")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, what {@code kill -9} does; returns once the process is gone. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 30 s");
            }
        }
    }

    /** Exit code of a finished process, waiting at most {@code timeout}; -1 if it still runs. */
    synchronized int awaitExit(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        return -1;
    }

    /** SIGKILL without waiting, for a shutdown hook. */
    void destroy() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
