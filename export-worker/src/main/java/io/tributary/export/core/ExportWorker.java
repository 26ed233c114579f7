package io.tributary.export.core;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.tributary.runtime.service.Health;
import io.tributary.runtime.service.Service;
import io.tributary.schema.kafka.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exporter: {@link WorkerSettings#threads()} {@link ExportLoop}s, each a member of the same consumer group
 * with its own consumer (so each owns whole partitions), decoder and {@link DeadLetterPublisher}, feeding the
 * sinks its {@link PartitionSinkFactory} makes. The file and HTTP exporters are this class with their own sink
 * factory. Consumers read committed records only and never commit automatically; the dead-letter producer is
 * idempotent with {@code acks=all}.
 *
 * <p>{@link #close()} flushes what is open (batches in flight get the loop's leave timeout), commits, leaves the
 * group, then closes the worker's resources and its dead-letter producers.
 */
public class ExportWorker implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(ExportWorker.class);
    /** {@code fetch.max.bytes} of each loop's consumer unless the Kafka settings give one. */
    static final int FETCH_MAX_BYTES = 8 * 1024 * 1024;

    private final List<ExportLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Duration closeTimeout;
    private final String name;
    private final AtomicBoolean closing = new AtomicBoolean();

    /**
     * How an exporter consumes.
     *
     * @param exporter        the {@code exporter} tag of its metrics and the name of its threads ({@code files})
     * @param threads         consumer loops in the group
     * @param groupId         the consumer group
     * @param maxPollRecords  {@code max.poll.records} unless the Kafka settings give one
     * @param kafkaSettings   settings passed to the consumers and (those a producer knows) the DLQ producers
     * @param closeTimeout    how long {@link #close()} waits for the loops to end
     */
    public record WorkerSettings(String exporter, int threads, List<String> topics, Topics topicNames,
            String defaultService, RecordFilter filter, String groupId, int maxPollRecords,
            Map<String, Object> kafkaSettings, ExportLoop.LoopSettings loop, Duration closeTimeout, Clock clock) {
        public WorkerSettings {
            topics = List.copyOf(topics);
            kafkaSettings = Map.copyOf(kafkaSettings);
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
        }
    }

    /**
     * A worker whose loops feed the sinks of {@code sinks}, given each loop's dead-letter publisher.
     *
     * @param resources closed, in order, after the loops ended (sender pools, ...)
     */
    protected ExportWorker(WorkerSettings settings, ExportMetrics metrics,
            Function<DeadLetterPublisher, PartitionSinkFactory> sinks, List<AutoCloseable> resources) {
        Objects.requireNonNull(settings, "settings");
        this.closeTimeout = settings.closeTimeout();
        this.name = settings.exporter().equals("files") ? "file" : settings.exporter();
        for (int i = 0; i < settings.threads(); i++) {
            DeadLetterPublisher deadLetters = new DeadLetterPublisher(new KafkaProducer<>(
                    producerSettings(settings.kafkaSettings()), new ByteArraySerializer(), new ByteArraySerializer()),
                    settings.topicNames().dlq());
            this.resources.add(deadLetters);
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings(settings, i),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            // Kafka's own consumer metrics (records-lag-max, fetch rates) beside the exporter's.
            KafkaClientMetrics clientMetrics = new KafkaClientMetrics(consumer);
            clientMetrics.bindTo(metrics.registry());
            this.resources.add(clientMetrics);
            ExportLoop loop = new ExportLoop(consumer, settings.topics(),
                    new RecordDecoder(settings.topicNames(), settings.defaultService()), settings.filter(),
                    sinks.apply(deadLetters), metrics, settings.loop(), settings.clock());
            loops.add(loop);
            String name = "tributary-export-" + settings.exporter();
            threads.add(new Thread(loop, i == 0 ? name : name + "-" + i));
        }
        this.resources.addAll(0, resources);
        ExportLoop.registerGauges(metrics, loops);
    }

    /**
     * The consumer settings of loop {@code index}. With static membership ({@code group.instance.id}) each loop is
     * its own member: loop 0 keeps the configured id, loop i gets {@code <id>-i}, so a restarted worker's loops
     * take their predecessors' places instead of fencing each other.
     */
    static Map<String, Object> consumerSettings(WorkerSettings settings, int index) {
        Map<String, Object> consumer = new HashMap<>(settings.kafkaSettings());
        Object instance = consumer.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        if (instance != null && index > 0) {
            consumer.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance + "-" + index);
        }
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        consumer.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        // Kafka's 50 MB lets one loop buffer 50 MB fetched and 50 MB more in flight; 8 MB is still 8 partitions'
        // worth of 1 MB fetches, seconds of work, and keeps a 64-partition worker within a 256 MB heap.
        consumer.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES);
        // Offsets move only when a sink says its records are durable, never automatically.
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return consumer;
    }

    private static Map<String, Object> producerSettings(Map<String, Object> kafkaSettings) {
        Map<String, Object> producer = new HashMap<>(kafkaSettings);
        producer.keySet().removeIf(key -> ConsumerConfig.configNames().contains(key)
                && !ProducerConfig.configNames().contains(key));
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return producer;
    }

    /** Starts consuming, one dedicated thread per loop. */
    @Override
    public void start() {
        threads.forEach(Thread::start);
    }

    /**
     * DOWN before {@link #start()} and when a loop stopped on an unexpected error; DEGRADED with the reason
     * while a partition cannot write (it is paused and retried with backoff) or its destination holds it up;
     * else UP.
     */
    @Override
    public Health health() {
        if (threads.get(0).getState() == Thread.State.NEW) {
            return Health.down(name + " export not started");
        }
        if (!closing.get() && !isRunning()) {
            return Health.down(name + " export stopped: " + problem().orElse("a consumer thread ended"));
        }
        return problem().map(why -> Health.degraded(name + " export: " + why)).orElse(Health.up());
    }

    /** Why the worker is degraded, if it is. */
    public Optional<String> problem() {
        return ExportLoop.problem(loops);
    }

    /** True while every one of the worker's threads runs. */
    public boolean isRunning() {
        return threads.stream().allMatch(Thread::isAlive);
    }

    /** {@link #close(Duration)} with the worker's close timeout. */
    @Override
    public void close() {
        close(closeTimeout);
    }

    /**
     * Flushes what is open, commits, leaves the group and waits (up to {@code timeout} in all) for the
     * threads; then closes the worker's resources and dead-letter producers.
     *
     * @return true when every loop ended in time; a second call only says whether they have ended
     */
    @Override
    public boolean close(Duration timeout) {
        if (!closing.compareAndSet(false, true)) {
            // Closed before: the loops were told to stop and the resources closed; report where they stand.
            return threads.stream().noneMatch(Thread::isAlive);
        }
        for (int i = 0; i < loops.size(); i++) {
            if (threads.get(i).getState() == Thread.State.NEW) {
                loops.get(i).closeUnstarted();
            }
            loops.get(i).shutdown();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Thread thread : threads) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (thread.isAlive() && left > 0) {
                    thread.join(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.warn("closing {} failed: {}", resource, e.toString());
            }
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
