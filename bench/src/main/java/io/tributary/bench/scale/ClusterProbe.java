package io.tributary.bench.scale;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/** What the Admin API says about the cluster: partition leaders, in-sync replicas, the active controller. */
final class ClusterProbe implements AutoCloseable {
    private final Admin admin;

    ClusterProbe(String bootstrap) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** The leader node id of every partition of {@code topic} (-1 for none). */
    Map<Integer, Integer> leaders(String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS).get(topic);
        Map<Integer, Integer> leaders = new HashMap<>();
        for (TopicPartitionInfo p : d.partitions()) {
            leaders.put(p.partition(), p.leader() == null ? -1 : p.leader().id());
        }
        return leaders;
    }

    /**
     * How many records of {@code topic} the consumer group has not committed yet (all of them when it committed
     * nothing); used to pace the load, never in a check.
     */
    long lag(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = leaders(topic).keySet().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    /** The node id of the active KRaft controller (the quorum leader). */
    int controller() throws Exception {
        return admin.describeMetadataQuorum().quorumInfo().get(15, TimeUnit.SECONDS).leaderId();
    }

    /** Every topic of Tributary and of its Streams application, described. */
    Map<String, TopicDescription> tributaryTopics() throws Exception {
        Set<String> names = admin.listTopics().names().get(15, TimeUnit.SECONDS).stream()
                .filter(n -> n.startsWith("tributary")).collect(Collectors.toSet());
        return admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS);
    }

    /** The effective {@code min.insync.replicas} of each topic. */
    Map<String, String> minInsyncReplicas(Set<String> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(15, TimeUnit.SECONDS);
        Map<String, String> result = new HashMap<>();
        configs.forEach((r, c) -> result.put(r.name(), c.get("min.insync.replicas").value()));
        return result;
    }

    /** True when no partition of a Tributary topic is led by {@code node} and each has a leader. */
    boolean noLeadershipOn(int node) throws Exception {
        return tributaryTopics().values().stream().flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && p.leader().id() != node && p.leader().id() >= 0);
    }

    /** True when every partition of every Tributary topic has all its replicas in sync. */
    boolean fullyInSync() throws Exception {
        return tributaryTopics().values().stream().flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty() && p.isr().size() == p.replicas().size());
    }

    @Override
    public void close() {
        admin.close();
    }
}
