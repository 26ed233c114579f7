package io.tributary.processor;

import io.tributary.processor.time.LagProbe;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Reads the {@code records-lag} consumer metric of a raw partition from Kafka Streams. A partition without the
 * metric (not fetched yet, or not assigned here) counts as not caught up.
 */
final class ConsumerLagProbe implements LagProbe {
    private final String topic;
    private volatile KafkaStreams streams;

    ConsumerLagProbe(String topic) {
        this.topic = topic;
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
        String p = Integer.toString(partition);
        for (Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("records-lag") && topic.equals(name.tags().get("topic"))
                    && p.equals(name.tags().get("partition"))) {
                Object value = e.getValue().metricValue();
                return value instanceof Double lag && lag == 0.0;
            }
        }
        return false;
    }
}
