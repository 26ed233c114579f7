package io.tributary.export.testing;

import static io.tributary.export.testing.WorkerMeters.assigned;
import static io.tributary.export.testing.WorkerMeters.written;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.file.FileExportConfig;
import io.tributary.export.file.FileExportWorker;
import io.tributary.schema.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/**
 * Two workers in one group, whatever their destination: A (one thread) exports the first third of the events,
 * B (two threads) joins and the group rebalances, both write the second third, A leaves, B exports the rest.
 *
 * @param bootstrap the broker
 * @param topic the topic, already holding nothing
 * @param partitions its partitions
 * @param config the worker configuration for a number of threads
 * @param started true once A has published some flushes
 * @param awaitExported waits until the destination holds every offset below the given end offsets
 */
public record RebalanceScenario(String bootstrap, String topic, int partitions, IntFunction<FileExportConfig> config,
        BooleanSupplier started, Consumer<Map<TopicPartition, Long>> awaitExported) {
    /** The scenario's worker settings over {@code destination}: small flushes, small polls, {@code threads}. */
    public static FileExportConfig config(Map<String, Object> destination, int threads) {
        Map<String, Object> s = new java.util.HashMap<>(destination);
        s.put(FileExportConfig.ROTATE_EVENTS, "700");
        s.put(FileExportConfig.ROTATE_AGE_MS, "300");
        s.put(FileExportConfig.THREADS, Integer.toString(threads));
        s.put("max.poll.records", "500");
        return new FileExportConfig(s);
    }

    /** Runs it with {@code events} (a multiple of 3); returns the records written by A and B together. */
    public double run(List<Event> events) {
        int third = events.size() / 3;
        SimpleMeterRegistry registryA = new SimpleMeterRegistry();
        SimpleMeterRegistry registryB = new SimpleMeterRegistry();
        KafkaSupport.produce(bootstrap, topic, events.subList(0, third));
        FileExportWorker a = FileExportWorker.create(config.apply(1), registryA);
        FileExportWorker b = FileExportWorker.create(config.apply(2), registryB);
        try {
            a.start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(started::getAsBoolean);
            b.start();
            // The joins rebalance the group: A gives up partitions to B's two threads, flushing them on revocation.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> assigned(registryB) >= 2
                    && assigned(registryA) > 0 && assigned(registryA) + assigned(registryB) == partitions);
            KafkaSupport.produce(bootstrap, topic, events.subList(third, 2 * third));
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> written(registryB) > 0 && written(registryA) > 0);
            // A leaves mid-run (new data arrives right after): B takes over A's partitions from A's manifests.
            a.close();
            KafkaSupport.produce(bootstrap, topic, events.subList(2 * third, events.size()));
            awaitExported.accept(KafkaSupport.endOffsets(bootstrap, topic, partitions));
        } finally {
            a.close();
            b.close();
        }
        return written(registryA) + written(registryB);
    }
}
