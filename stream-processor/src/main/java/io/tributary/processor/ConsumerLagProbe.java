package io.tributary.processor;

import io.tributary.processor.time.LagProbe;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Reads the {@code records-lag} consumer metric of a raw partition from Kafka Streams. A partition without the
 * metric (not fetched yet, or not assigned here) counts as not caught up.
 *
 * <p>Every task's punctuators ask, so one scan of the client metrics answers for all partitions and is
 * re-used for {@value #MAX_AGE_MS} ms: the answer only decides whether an idle partition's event time may
 * follow the wall clock, which takes seconds of idleness anyway.
 */
final class ConsumerLagProbe implements LagProbe {
    static final long MAX_AGE_MS = 1_000;

    private final String topic;
    private final LongSupplier nanoClock;
    private final Object lock = new Object();
    private volatile KafkaStreams streams;
    private Map<Integer, Boolean> caughtUp = Map.of();
    private long scannedAtNs;
    private boolean scanned;

    ConsumerLagProbe(String topic) {
        this(topic, System::nanoTime);
    }

    ConsumerLagProbe(String topic, LongSupplier nanoClock) {
        this.topic = topic;
        this.nanoClock = nanoClock;
    }

    void attach(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public boolean caughtUp(int partition) {
        KafkaStreams s = streams;
        if (s == null) {
            return false;
        }
        synchronized (lock) {
            long now = nanoClock.getAsLong();
            if (!scanned || now - scannedAtNs > TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MS)) {
                caughtUp = scan(s);
                scannedAtNs = now;
                scanned = true;
            }
            return caughtUp.getOrDefault(partition, false);
        }
    }

    private Map<Integer, Boolean> scan(KafkaStreams s) {
        Map<Integer, Boolean> result = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("records-lag") && topic.equals(name.tags().get("topic"))) {
                String p = name.tags().get("partition");
                if (p != null) {
                    Object value = e.getValue().metricValue();
                    result.putIfAbsent(Integer.parseInt(p), value instanceof Double lag && lag == 0.0);
                }
            }
        }
        return result;
    }
}
