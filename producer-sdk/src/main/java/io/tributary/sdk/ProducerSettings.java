package io.tributary.sdk;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka producer a client creates: its settings, and how long a probe waits with them. */
final class ProducerSettings {
    private ProducerSettings() {
    }

    /** The producer's settings: telemetry defaults, then the {@code kafka.*} pass-through ones. */
    static Map<String, Object> of(ClientConfig config, int sequence) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "tributary-" + config.service() + "-" + sequence);
        props.putAll(config.kafka());
        return props;
    }

    /**
     * How long a probe waits for the cluster: {@code max.block.ms}, at least a second (so a tiny value cannot keep
     * every probe from getting an answer), two when the value is not a plain number (a config provider's, say).
     */
    static Duration probeTimeout(Map<String, Object> props) {
        long millis;
        try {
            millis = Long.parseLong(String.valueOf(props.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).trim());
        } catch (NumberFormatException e) {
            millis = 2_000;
        }
        return Duration.ofMillis(Math.max(1_000, millis));
    }

    static Producer<String, byte[]> create(Map<String, Object> props) {
        try {
            return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            throw new TributaryConfigException("invalid Kafka producer settings: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
