package io.tributary.embedded;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates a topic through the Admin API and waits until every running broker knows a leader for
 * each of its partitions, so that a producer started right after does not race the metadata.
 */
final class TopicCreator {
    private static final long POLL_INTERVAL_MS = 20;

    private final String bootstrapServers;
    private final Duration timeout;

    TopicCreator(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /**
     * Creates the topic, or accepts an existing one with the same partition count.
     *
     * @param ready true once the topic is usable on every running broker
     * @throws EmbeddedKafkaException if Kafka rejects the topic or it is not ready in time
     */
    void create(NewTopic topic, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminConfig())) {
            try {
                admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new EmbeddedKafkaException("Cannot create topic " + topic.name() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
                checkExistingMatches(admin, topic);
            }
            awaitReady(topic.name(), ready, deadline);
        } catch (TimeoutException e) {
            throw new EmbeddedKafkaException("Topic " + topic.name() + " was not created within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while creating topic " + topic.name(), e);
        }
    }

    private void checkExistingMatches(Admin admin, NewTopic topic)
            throws InterruptedException, TimeoutException {
        TopicDescription existing;
        try {
            existing = admin.describeTopics(List.of(topic.name())).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic.name());
        } catch (ExecutionException e) {
            throw new EmbeddedKafkaException("Cannot describe existing topic " + topic.name() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
        if (existing.partitions().size() != topic.numPartitions()) {
            throw new EmbeddedKafkaException("Topic " + topic.name() + " already exists with "
                    + existing.partitions().size() + " partitions, not " + topic.numPartitions());
        }
    }

    private void awaitReady(String name, BooleanSupplier ready, long deadline)
            throws InterruptedException, TimeoutException {
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Topic " + name + " has no leader on every running broker");
            }
            Thread.sleep(POLL_INTERVAL_MS);
        }
    }

    private Map<String, Object> adminConfig() {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "tributary-embedded-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    }
}
