package io.tributary.bench.scale;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one topic from the beginning, as a downstream consumer does ({@code isolation.level=read_committed},
 * every partition assigned, no group), on its own thread until closed, handing each record to a sink. Tells
 * when it last saw itself at the end of every partition, so a reader can wait for "everything committed so far".
 */
final class TopicCollector implements AutoCloseable {
    private final String topic;
    private final Consumer<ConsumerRecord<byte[], byte[]>> sink;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<Integer, Long> lastOffsets = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final Thread thread;
    private volatile long caughtUpNanos = Long.MIN_VALUE;
    private volatile boolean closed;
    private volatile Throwable failure;

    TopicCollector(String bootstrap, String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        this.topic = topic;
        this.sink = sink;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "collect-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = List.of();
            while (!closed && partitions.isEmpty()) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long nextCheck = 0;
            while (!closed) {
                try {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        sink.accept(r);
                        lastOffsets.merge(r.partition(), r.offset(), Math::max);
                        records.incrementAndGet();
                    }
                    if (System.nanoTime() >= nextCheck) {
                        long checkedAt = System.nanoTime();
                        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(5));
                        if (partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp))) {
                            caughtUpNanos = checkedAt;
                        }
                        nextCheck = checkedAt + 500_000_000L;
                    }
                } catch (KafkaException e) {
                    // a broker is down or a leader moves: keep reading, as a consumer application would
                    if (closed) {
                        return;
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            if (!closed) {
                failure = e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    String topic() {
        return topic;
    }

    /** True when this reader has been at the end of every partition at some instant after {@code nanoTime}. */
    boolean caughtUpSince(long nanoTime) {
        check();
        return caughtUpNanos >= nanoTime;
    }

    long records() {
        check();
        return records.get();
    }

    /** The highest offset read so far, per partition. */
    Map<Integer, Long> lastOffsets() {
        return Map.copyOf(lastOffsets);
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("reading " + topic + " failed", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
