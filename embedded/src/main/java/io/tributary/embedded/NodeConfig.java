package io.tributary.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * The broker configuration of every node of one cluster: the wiring this module owns (roles,
 * listeners, quorum, storage) plus defaults suited to a laptop or a test, which the user's
 * {@code brokerProperty} overrides replace.
 */
final class NodeConfig {
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Keys derived from the cluster layout; overriding one would break the cluster. */
    static final Set<String> MANAGED_KEYS = Set.of(
            "process.roles", "node.id", "broker.id", "listeners", "advertised.listeners",
            "listener.security.protocol.map", "controller.listener.names", "inter.broker.listener.name",
            "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "log.dirs", "log.dir", "metadata.log.dir");

    private final List<NodeEndpoint> endpoints;
    private final Map<String, String> tunables;

    NodeConfig(List<NodeEndpoint> endpoints, Map<String, String> overrides, Duration startupTimeout) {
        this.endpoints = List.copyOf(endpoints);
        Map<String, String> merged = new LinkedHashMap<>(defaults(endpoints.size(), startupTimeout));
        merged.putAll(overrides);
        this.tunables = Map.copyOf(merged);
    }

    /** Returns the complete configuration of one node, ready for {@code KafkaConfig}. */
    Properties forNode(NodeEndpoint self, Path storageDir) {
        Properties props = new Properties();
        props.putAll(tunables);
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(self.nodeId()));
        props.put("listeners", BROKER_LISTENER + "://" + self.brokerAddress() + ","
                + CONTROLLER_LISTENER + "://" + NodeEndpoint.HOST + ":" + self.controllerPort());
        props.put("advertised.listeners", BROKER_LISTENER + "://" + self.brokerAddress());
        props.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("controller.quorum.voters",
                endpoints.stream().map(NodeEndpoint::voter).collect(Collectors.joining(",")));
        props.put("log.dirs", storageDir.toString());
        return props;
    }

    /**
     * Checks the configuration the way the broker will, so that a bad {@code brokerProperty}
     * fails when the cluster is built rather than half-way through a start.
     *
     * @throws IllegalArgumentException with Kafka's description of the invalid setting
     */
    void validate() {
        try {
            new KafkaConfig(forNode(endpoints.get(0), Path.of("log-dir-checked-on-start")), false);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("Invalid broker configuration: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> defaults(int nodes, Duration startupTimeout) {
        String replication = Integer.toString(Math.min(nodes, 3));
        // min.isr 2 (not 3) keeps internal topics writable while one node of three is down.
        String minIsr = Integer.toString(Math.min(nodes, 2));
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("offsets.topic.replication.factor", replication);
        defaults.put("offsets.topic.num.partitions", "5");
        defaults.put("transaction.state.log.replication.factor", replication);
        defaults.put("transaction.state.log.min.isr", minIsr);
        defaults.put("transaction.state.log.num.partitions", "5");
        defaults.put("share.coordinator.state.topic.replication.factor", replication);
        defaults.put("share.coordinator.state.topic.min.isr", minIsr);
        defaults.put("share.coordinator.state.topic.num.partitions", "5");
        defaults.put("default.replication.factor", replication);
        defaults.put("group.initial.rebalance.delay.ms", "0");
        // Heartbeats drive registration, unfencing and controlled shutdown: faster ones start
        // and stop a node in a few seconds instead of ten.
        defaults.put("broker.heartbeat.interval.ms", "500");
        defaults.put("server.max.startup.time.ms", Long.toString(startupTimeout.toMillis()));
        // Memory and threads sized for several nodes in one JVM rather than one per machine.
        defaults.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        defaults.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        defaults.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        defaults.put("num.network.threads", "2");
        defaults.put("num.io.threads", "4");
        defaults.put("background.threads", "4");
        defaults.put("num.recovery.threads.per.data.dir", "1");
        return defaults;
    }
}
