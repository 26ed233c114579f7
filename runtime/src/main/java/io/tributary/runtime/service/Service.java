package io.tributary.runtime.service;

import java.time.Duration;

/**
 * The lifecycle contract of every long-running Tributary part (the stream processor, the export workers): it is
 * created with its configuration, runs its own threads from {@link #start()} on, reports one {@link Health}, and
 * stops within a timeout. A command that runs several parts holds them as a list of services, starts them in
 * order and closes them in reverse.
 *
 * <pre>{@code
 * try (Service processor = StreamProcessor.create(config, registry)) {
 *     processor.start();
 *     ... // until the process stops; processor.health() feeds the health endpoint
 * }
 * }</pre>
 */
public interface Service extends AutoCloseable {
    /**
     * Starts the service's threads and returns; the work goes on in the background.
     *
     * @throws IllegalStateException when already started
     * @throws RuntimeException      with a message saying what is wrong when the configuration or the
     *                               environment (a topic that conflicts, an unreachable cluster) prevents the start
     */
    void start();

    /** The current health, never null; {@link Health.Status#DOWN} before {@link #start()} and after close. */
    Health health();

    /**
     * Stops cleanly (finishing or handing back work in progress) and waits at most {@code timeout}.
     *
     * @return true when the service stopped within the timeout
     */
    boolean close(Duration timeout);

    /** {@link #close(Duration)} with a 30 s timeout. */
    @Override
    default void close() {
        close(Duration.ofSeconds(30));
    }
}
