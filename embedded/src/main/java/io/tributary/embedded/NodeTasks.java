package io.tributary.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs one action on several nodes at once and waits for all of them. Brokers of a multi-node
 * cluster must start together: each one blocks until a controller quorum acknowledges it.
 */
final class NodeTasks {

    private NodeTasks() {
    }

    /**
     * Applies {@code action} to every node in parallel and waits at most {@code timeout}.
     *
     * @param what   what the action does, for error messages ("start", "stop")
     * @throws EmbeddedKafkaException naming the first node that failed or did not finish in time
     */
    static void runInParallel(List<KafkaNode> nodes, String what, Duration timeout, Consumer<KafkaNode> action) {
        if (nodes.size() == 1) {
            runOne(nodes.get(0), what, action);
            return;
        }
        ExecutorService executor = Executors.newFixedThreadPool(nodes.size(), runnable -> {
            Thread thread = new Thread(runnable, "embedded-kafka-" + what.replace(' ', '-'));
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (KafkaNode node : nodes) {
                futures.add(executor.submit(() -> runOne(node, what, action)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int i = 0; i < nodes.size(); i++) {
                await(futures.get(i), nodes.get(i), what, timeout, deadline);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static void runOne(KafkaNode node, String what, Consumer<KafkaNode> action) {
        try {
            action.accept(node);
        } catch (EmbeddedKafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EmbeddedKafkaException("Kafka " + node + " failed to " + what + ": " + e.getMessage(), e);
        }
    }

    private static void await(Future<?> future, KafkaNode node, String what, Duration timeout, long deadline) {
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EmbeddedKafkaException cause) {
                throw cause;
            }
            throw new EmbeddedKafkaException("Kafka " + node + " failed to " + what, e.getCause());
        } catch (TimeoutException e) {
            throw new EmbeddedKafkaException("Kafka " + node + " did not " + what + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while waiting for Kafka " + node + " to " + what, e);
        }
    }
}
