package io.tributary.processor.topics;

import io.tributary.RetriableTributaryException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes sure the topics a component needs exist and fit: creates missing ones (when allowed) and checks
 * existing ones, failing with a {@link TopicConflictException} that names the topic and the fix.
 */
public final class TopicProvisioner {
    private static final long TIMEOUT_MS = 30_000;

    private final Admin admin;

    /** A provisioner using {@code admin} (owned by the caller). */
    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /**
     * Creates the missing topics of {@code specs} (if {@code create}), then checks every one.
     *
     * @return the partition count of each topic, by name
     * @throws TopicConflictException when a topic is missing and may not be created, or exists with the
     *     wrong cleanup policy
     * @throws RetriableTributaryException when the cluster cannot be reached
     */
    public Map<String, Integer> ensure(Collection<TopicSpec> specs, boolean create) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            List<TopicSpec> missing = specs.stream().filter(s -> !existing.contains(s.name())).toList();
            if (!missing.isEmpty() && !create) {
                throw new TopicConflictException("missing topics " + names(missing)
                        + " and topic.create=false: create them or enable topic.create");
            }
            createAll(missing);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            Map<String, TopicDescription> described = whileUnknown(deadline, () -> {
                checkPolicies(specs, deadline);
                return admin.describeTopics(names(specs)).allTopicNames().get(left(deadline), TimeUnit.NANOSECONDS);
            });
            return described.values().stream()
                    .collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableTributaryException("interrupted while checking topics", e);
        } catch (TimeoutException e) {
            throw new RetriableTributaryException("cannot check topics: Kafka did not answer within "
                    + TIMEOUT_MS / 1000 + " s (are bootstrap.servers right and the brokers up?)", e);
        } catch (ExecutionException e) {
            throw new RetriableTributaryException("cannot check topics: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code check} until no topic is unknown, or until {@code deadline}. A broker learns of a topic
     * the controller just created a moment later, and until then describing it fails with
     * {@link UnknownTopicOrPartitionException}; that is a wait, not an error.
     */
    private static <T> T whileUnknown(long deadline, Check<T> check) throws InterruptedException,
            TimeoutException, ExecutionException {
        long backoffMs = 20;
        while (true) {
            try {
                return check.run();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, 500);
        }
    }

    @FunctionalInterface
    private interface Check<T> {
        T run() throws InterruptedException, TimeoutException, ExecutionException;
    }

    private void createAll(List<TopicSpec> missing) throws InterruptedException, TimeoutException,
            ExecutionException {
        List<NewTopic> topics = missing.stream().map(s -> new NewTopic(s.name(), s.partitions(),
                s.replicationFactor()).configs(s.configs())).toList();
        for (var entry : admin.createTopics(topics).values().entrySet()) {
            try {
                entry.getValue().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private void checkPolicies(Collection<TopicSpec> specs, long deadline) throws InterruptedException,
            TimeoutException, ExecutionException {
        List<ConfigResource> resources = specs.stream()
                .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name())).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
                .get(left(deadline), TimeUnit.NANOSECONDS);
        List<String> problems = new ArrayList<>();
        for (TopicSpec spec : specs) {
            ConfigEntry policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))
                    .get("cleanup.policy");
            boolean compacted = policy != null && policy.value() != null && policy.value().contains("compact");
            if (compacted != spec.compacted()) {
                problems.add("topic " + spec.name() + " has cleanup.policy=" + (policy == null ? "?" : policy.value())
                        + " but must " + (spec.compacted() ? "be compacted (cleanup.policy=compact)"
                        : "not be compacted (cleanup.policy=delete)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new TopicConflictException("existing topics conflict: " + String.join("; ", problems)
                    + ". Fix the topic (kafka-configs --alter) or use another topic.prefix.");
        }
    }

    private static List<String> names(Collection<TopicSpec> specs) {
        return specs.stream().map(TopicSpec::name).toList();
    }
}
