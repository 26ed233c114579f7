package io.tributary.sdk;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Asks whether Kafka can take events again, after a send found it unreachable. Runs on the sender's short-lived
 * probe thread, one probe at a time.
 */
interface KafkaProbe extends AutoCloseable {
    /**
     * Returns when Kafka answers; throws when it cannot be reached in time, or when the thread is interrupted.
     *
     * @throws KafkaException when Kafka is still unreachable
     */
    void check();

    @Override
    default void close() {
    }

    /**
     * A probe that asks the cluster itself, through an admin client created on the first probe (a client that
     * never loses Kafka never has one), then the producer. The producer alone would answer {@code partitionsFor}
     * from the metadata it still holds from before the brokers left when it does not re-bootstrap
     * ({@code metadata.recovery.strategy=none}).
     *
     * <p>Kafka is back when a broker describes the topic with a leader for at least one partition (events for
     * partitions still without one fail and are spooled again), or says it does not know the topic, and the
     * producer then has the topic's partitions within {@code max.block.ms}: asking it creates the topic where
     * brokers auto-create topics, and waits on the probe thread rather than in a send. A failed authentication
     * means not back: sends would fail for good, and replayed events would be dropped.
     *
     * @param producerConfig the producer's settings; the admin client gets all but the producer's own, so that
     *                       security settings, config providers and plugin settings carry over
     * @param timeout        how long the admin client waits for the cluster's answer
     */
    static KafkaProbe ofCluster(Producer<?, ?> producer, Map<String, Object> producerConfig, String topic,
            Duration timeout) {
        Map<String, Object> config = new HashMap<>(producerConfig);
        Set<String> adminKeys = AdminClientConfig.configNames();
        config.keySet().removeIf(key -> ProducerConfig.configNames().contains(key) && !adminKeys.contains(key));
        Object clientId = producerConfig.get(AdminClientConfig.CLIENT_ID_CONFIG);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, (clientId == null ? "tributary" : clientId) + "-probe");
        return new ClusterProbe(producer, config, topic, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** A probe that asks the producer for the topic's partitions (for producers that are not Kafka's own). */
    static KafkaProbe ofProducer(Producer<?, ?> producer, String topic) {
        return () -> producer.partitionsFor(topic);
    }

    /** Describes the topic through an admin client, then asks the producer for its partitions. */
    final class ClusterProbe implements KafkaProbe {
        /** How long close waits for the admin client's thread; it ends on its own soon after in any case. */
        private static final Duration CLOSE_WAIT = Duration.ofMillis(500);

        private final Producer<?, ?> producer;
        private final Map<String, Object> config;
        private final String topic;
        private final int timeoutMs;
        private final Object lock = new Object();
        private Admin admin; // guarded by lock
        private boolean closed; // guarded by lock

        ClusterProbe(Producer<?, ?> producer, Map<String, Object> config, String topic, int timeoutMs) {
            this.producer = producer;
            this.config = config;
            this.topic = topic;
            this.timeoutMs = timeoutMs;
        }

        @Override
        public void check() {
            try {
                TopicDescription description = admin().describeTopics(List.of(topic),
                        new DescribeTopicsOptions().timeoutMs(timeoutMs)).allTopicNames().get().get(topic);
                if (description.partitions().stream().allMatch(p -> p.leader() == null || p.leader().isEmpty())) {
                    throw new LeaderNotAvailableException("no partition of " + topic + " has a leader");
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                boolean answered = cause instanceof UnknownTopicOrPartitionException
                        || cause instanceof ApiException && !(cause instanceof RetriableException)
                        && !(cause instanceof AuthenticationException);
                if (!answered) {
                    throw cause instanceof KafkaException k ? k : new KafkaException(cause);
                }
                // The cluster answered (the topic is unknown to it, or this client may not describe it): whether it
                // takes events is for the producer to say, below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
            producer.partitionsFor(topic);
        }

        /** The admin client's settings. */
        Map<String, Object> adminConfig() {
            return config;
        }

        private Admin admin() {
            synchronized (lock) {
                if (closed) {
                    throw new KafkaException("the client is closed");
                }
                if (admin != null) {
                    return admin;
                }
            }
            // Created outside the lock: it resolves the bootstrap addresses, which may take long, and close must
            // not wait for that.
            Admin created = Admin.create(config);
            synchronized (lock) {
                if (!closed && admin == null) {
                    admin = created;
                    return created;
                }
            }
            created.close(CLOSE_WAIT);
            return admin();
        }

        @Override
        public void close() {
            Admin toClose;
            synchronized (lock) {
                closed = true;
                toClose = admin;
                admin = null;
            }
            if (toClose != null) {
                toClose.close(CLOSE_WAIT); // fails a probe still waiting; a zero wait would join its thread for good
            }
        }
    }
}
