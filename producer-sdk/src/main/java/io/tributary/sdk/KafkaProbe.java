package io.tributary.sdk;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ApiException;
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
     * A probe that asks the cluster itself, with an admin client created on the first probe (so a client that
     * never loses Kafka never has one). Kafka's producer would answer {@code partitionsFor} from the metadata it
     * still holds from before the broker left (with {@code metadata.recovery.strategy=none}, or while another
     * broker it knows still answers), so it cannot tell.
     *
     * @param producerConfig the producer's settings; those an admin client knows are used (security, say)
     * @param timeout        how long one probe waits for an answer
     */
    static KafkaProbe ofCluster(Map<String, Object> producerConfig, String topic, Duration timeout) {
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.keySet().retainAll(AdminClientConfig.configNames());
        Object clientId = producerConfig.get(AdminClientConfig.CLIENT_ID_CONFIG);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, (clientId == null ? "tributary" : clientId) + "-probe");
        return new ClusterProbe(config, topic, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** A probe that asks the producer for the topic's partitions (for producers that are not Kafka's own). */
    static KafkaProbe ofProducer(Producer<?, ?> producer, String topic) {
        return () -> producer.partitionsFor(topic);
    }

    /** Describes the topic through an admin client: every partition must have a leader. */
    final class ClusterProbe implements KafkaProbe {
        private final Map<String, Object> config;
        private final String topic;
        private final int timeoutMs;
        private Admin admin; // guarded by this
        private boolean closed; // guarded by this

        ClusterProbe(Map<String, Object> config, String topic, int timeoutMs) {
            this.config = config;
            this.topic = topic;
            this.timeoutMs = timeoutMs;
        }

        @Override
        public void check() {
            try {
                TopicDescription description = admin().describeTopics(List.of(topic),
                        new DescribeTopicsOptions().timeoutMs(timeoutMs)).allTopicNames().get().get(topic);
                for (TopicPartitionInfo partition : description.partitions()) {
                    if (partition.leader() == null || partition.leader().isEmpty()) {
                        throw new LeaderNotAvailableException("partition " + partition.partition() + " of " + topic
                                + " has no leader");
                    }
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UnknownTopicOrPartitionException
                        || cause instanceof ApiException && !(cause instanceof RetriableException)) {
                    // The cluster answered. Whether it takes the events (creating the topic, authorizing) is for
                    // send to find out; it reports a refusal for good as such.
                    return;
                }
                throw cause instanceof KafkaException k ? k : new KafkaException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }

        private synchronized Admin admin() {
            if (closed) {
                throw new KafkaException("the client is closed");
            }
            if (admin == null) {
                admin = Admin.create(config);
            }
            return admin;
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (admin != null) {
                admin.close(Duration.ZERO); // fails a probe still waiting; its thread ends
            }
        }
    }
}
