package io.tributary.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster running inside this JVM, for the dev mode and for integration
 * tests. Every node is a combined broker and controller ({@code process.roles=broker,controller})
 * listening on free ports of {@code 127.0.0.1}; the nodes form a static KRaft controller quorum.
 * Node ids are {@code 0} to {@code nodes - 1}.
 *
 * <p>Storage is formatted on the first start and kept by {@link #stop()}, so {@link #start()}
 * after {@code stop()} (or {@link #restart()}) serves every record written before, on the same
 * ports, and clients reconnect on their own. {@link #stopNode(int)} and {@link #startNode(int)}
 * take a single node down and up for failover tests.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(1).build()) {
 *     kafka.start();
 *     kafka.createTopic("tributary.events.raw", 4, (short) 1);
 *     Properties props = new Properties();
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 *     // ... produce and consume
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe; lifecycle methods run one at a time.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    /** How long a stopping broker waits for the controllers to move its partitions away. */
    private static final Duration CONTROLLED_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** Without a controller quorum nobody can approve a controlled shutdown: do not wait. */
    private static final Duration NO_QUORUM_SHUTDOWN_TIMEOUT = Duration.ofMillis(1);

    private final Object lock = new Object();
    private final DataDirectory dataDirectory;
    private final StorageFormatter storageFormatter;
    private final List<KafkaNode> nodes;
    private final Duration startupTimeout;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafkaCluster(DataDirectory dataDirectory, List<KafkaNode> nodes, Duration startupTimeout) {
        this.dataDirectory = dataDirectory;
        this.storageFormatter = new StorageFormatter(dataDirectory, nodes.size());
        this.nodes = List.copyOf(nodes);
        this.startupTimeout = startupTimeout;
        this.bootstrapServers = nodes.stream()
                .map(node -> node.endpoint().brokerAddress())
                .collect(Collectors.joining(","));
    }

    /** Returns a builder for a one-node cluster in a temporary directory. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node that is not running and waits until all their brokers are unfenced and
     * serve requests. Formats the storage on the very first start of a data directory and
     * reuses it afterwards. Does nothing when every node already runs.
     *
     * @throws EmbeddedKafkaException if a node cannot start; the nodes started by this call are
     *                                stopped again and the message names the node and the cause
     * @throws IllegalStateException  if the cluster is closed
     */
    public void start() {
        synchronized (lock) {
            ensureOpen();
            startNodes(nodes.stream().filter(node -> !node.controllerRunning()).toList());
        }
    }

    /**
     * Stops every running node cleanly and keeps the data directory, so that {@link #start()}
     * serves the same topics and records again. Brokers stop first, while every controller still
     * runs to hand their partitions over. Does nothing when no node runs. With several nodes the
     * last controller waits Kafka's fixed 5 second graceful-shutdown timeout for a leader that no
     * longer exists (Kafka logs it as an error), so stopping takes about 6 seconds.
     *
     * @throws EmbeddedKafkaException if a node fails to shut down
     */
    public void stop() {
        synchronized (lock) {
            stopNodes(nodes.stream().filter(KafkaNode::controllerRunning).toList());
        }
    }

    /**
     * Stops and starts the whole cluster on the same data directory and ports.
     *
     * @throws EmbeddedKafkaException if a node fails to stop or start
     * @throws IllegalStateException  if the cluster is closed
     */
    public void restart() {
        synchronized (lock) {
            stop();
            start();
        }
    }

    /**
     * Stops one node cleanly (its broker after a controlled shutdown, then its controller),
     * leaving the others running. Does nothing if the node is not running.
     *
     * @param nodeId a node id, from {@code 0} to {@code nodes - 1}
     * @throws IllegalArgumentException if there is no such node
     * @throws EmbeddedKafkaException   if the node fails to shut down
     */
    public void stopNode(int nodeId) {
        synchronized (lock) {
            KafkaNode node = node(nodeId);
            if (node.controllerRunning()) {
                stopNodes(List.of(node));
            }
        }
    }

    /**
     * Starts one stopped node on its storage and ports and waits until its broker serves
     * requests. A node of a multi-node cluster can only start while a majority of the
     * controllers (counting its own) is running. Does nothing if the node is running.
     *
     * @param nodeId a node id, from {@code 0} to {@code nodes - 1}
     * @throws IllegalArgumentException if there is no such node
     * @throws EmbeddedKafkaException   if the node cannot start
     * @throws IllegalStateException    if the cluster is closed
     */
    public void startNode(int nodeId) {
        synchronized (lock) {
            ensureOpen();
            KafkaNode node = node(nodeId);
            if (!node.controllerRunning()) {
                startNodes(List.of(node));
            }
        }
    }

    /**
     * Tells whether a node's broker is running.
     *
     * @param nodeId a node id, from {@code 0} to {@code nodes - 1}
     * @throws IllegalArgumentException if there is no such node
     */
    public boolean isRunning(int nodeId) {
        return node(nodeId).brokerRunning();
    }

    /**
     * Returns the {@code bootstrap.servers} value for clients: the broker address of every node,
     * running or not, such as {@code 127.0.0.1:40123}. The ports are chosen by
     * {@link Builder#build()} and stay the same across restarts.
     */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Returns the directory holding every node's storage (a {@code node-<id>} directory each). */
    public Path dataDir() {
        return dataDirectory.root();
    }

    /**
     * Creates a topic with the broker's default topic configuration and waits until every running
     * broker knows a leader for each partition. See
     * {@link #createTopic(String, int, short, Map)}.
     */
    public void createTopic(String name, int partitions, short replication) {
        createTopic(name, partitions, replication, Map.of());
    }

    /**
     * Creates a topic through the Admin API and waits until every running broker knows a leader
     * for each partition, so that clients can use it at once. An existing topic with the same
     * partition count is accepted as is.
     *
     * @param name        the topic name
     * @param partitions  the number of partitions, at least 1
     * @param replication the replication factor, at least 1 and at most the number of running nodes
     * @param configs     topic configuration, such as {@code min.insync.replicas}; may be empty
     * @throws EmbeddedKafkaException if Kafka rejects the topic, an existing topic has another
     *                                partition count, or the topic is not ready within the
     *                                startup timeout
     * @throws IllegalStateException  if no broker is running
     */
    public void createTopic(String name, int partitions, short replication, Map<String, String> configs) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(configs, "configs");
        if (partitions < 1 || replication < 1) {
            throw new IllegalArgumentException("Topic " + name + " needs at least 1 partition and 1 replica, got "
                    + partitions + " partitions and replication " + replication);
        }
        if (nodes.stream().noneMatch(KafkaNode::brokerRunning)) {
            throw new IllegalStateException("Cannot create topic " + name + ": no Kafka broker is running");
        }
        NewTopic topic = new NewTopic(name, partitions, replication).configs(configs);
        new TopicCreator(bootstrapServers, startupTimeout).create(topic, () -> nodes.stream().allMatch(n -> n.knowsLeaders(name, partitions)));
    }

    /**
     * Stops every node and, if the data directory was created by this cluster, deletes it. A
     * data directory given to {@link Builder#dataDir(Path)} is kept. Calling it again does nothing.
     *
     * @throws EmbeddedKafkaException if a node fails to shut down (the directory is still deleted)
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                stop();
            } finally {
                dataDirectory.deleteIfTemporary();
            }
        }
    }

    private void startNodes(List<KafkaNode> toStart) {
        if (toStart.isEmpty()) {
            return;
        }
        long startedAt = System.nanoTime();
        dataDirectory.prepare(nodes.size());
        String clusterId = storageFormatter.formatIfNeeded();
        try {
            for (KafkaNode node : toStart) {
                NodeTasks.runInParallel(List.of(node), "start its controller", startupTimeout,
                        KafkaNode::startController);
            }
            // Each broker blocks until a controller quorum acknowledges it: start them together.
            NodeTasks.runInParallel(toStart, "start its broker", startupTimeout, KafkaNode::startBroker);
        } catch (RuntimeException e) {
            try {
                stopNodes(toStart);
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
        log.info("Kafka cluster {} started node(s) {} in {} ms at {} (data in {})", clusterId,
                toStart.stream().map(KafkaNode::id).toList(), (System.nanoTime() - startedAt) / 1_000_000,
                bootstrapServers, dataDirectory.root());
    }

    private void stopNodes(List<KafkaNode> toStop) {
        if (toStop.isEmpty()) {
            return;
        }
        Duration controlledShutdown = hasControllerQuorum() ? CONTROLLED_SHUTDOWN_TIMEOUT : NO_QUORUM_SHUTDOWN_TIMEOUT;
        List<RuntimeException> failures = new ArrayList<>();
        try {
            NodeTasks.runInParallel(toStop, "stop its broker", CONTROLLED_SHUTDOWN_TIMEOUT.multipliedBy(2),
                    node -> node.stopBroker(controlledShutdown));
        } catch (RuntimeException e) {
            failures.add(e);
        }
        for (KafkaNode node : toStop) {
            try {
                node.stopController();
            } catch (RuntimeException e) {
                failures.add(new EmbeddedKafkaException("Kafka " + node + " failed to stop its controller", e));
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
        log.info("Kafka node(s) {} stopped", toStop.stream().map(KafkaNode::id).toList());
    }

    private boolean hasControllerQuorum() {
        long running = nodes.stream().filter(KafkaNode::controllerRunning).count();
        return running > nodes.size() / 2;
    }

    private KafkaNode node(int nodeId) {
        if (nodeId < 0 || nodeId >= nodes.size()) {
            throw new IllegalArgumentException("No Kafka node " + nodeId + "; node ids are 0 to " + (nodes.size() - 1));
        }
        return nodes.get(nodeId);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The embedded Kafka cluster in " + dataDirectory.root() + " is closed");
        }
    }

    /**
     * Configures an {@link EmbeddedKafkaCluster}. Defaults: one node, a temporary data directory
     * deleted on {@link EmbeddedKafkaCluster#close()}, a 60 second startup timeout, and broker
     * settings for a laptop or a test: internal topics replicated {@code min(nodes, 3)} times with
     * {@code min.insync.replicas = min(nodes, 2)}, 5 partitions each,
     * {@code group.initial.rebalance.delay.ms=0}, and small index, dedupe buffer and thread pools.
     *
     * <pre>{@code
     * EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
     *         .nodes(3)
     *         .dataDir(Path.of("target/kafka"))
     *         .brokerProperty("auto.create.topics.enable", "false")
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private int nodes = 1;
        private Path dataDir;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private int firstBrokerPort;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the number of combined broker+controller nodes. Default 1.
         *
         * @throws IllegalArgumentException if {@code nodes} is less than 1
         */
        public Builder nodes(int nodes) {
            if (nodes < 1) {
                throw new IllegalArgumentException("nodes must be at least 1, got " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /**
         * Sets the directory for every node's storage; it is created if missing, formatted on
         * the first start, reused by later starts (also by another cluster object with the same
         * node count) and never deleted. Default: a new temporary directory, deleted on close.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /**
         * Sets a broker configuration property on every node, replacing this module's default for
         * it. The properties that wire the cluster (roles, node id, listeners, quorum, log
         * directories) cannot be set.
         *
         * @throws IllegalArgumentException if {@code key} is one of the wiring properties
         */
        public Builder brokerProperty(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (NodeConfig.MANAGED_KEYS.contains(key)) {
                throw new IllegalArgumentException("Broker property " + key
                        + " is set by EmbeddedKafkaCluster and cannot be overridden");
            }
            brokerProperties.put(key, value);
            return this;
        }

        /**
         * Fixes the broker ports: node {@code i} listens on {@code firstPort + i} (e.g. 9092 in the dev mode,
         * so other clients find it). Controller ports stay free ports. Default: free ports.
         *
         * @throws IllegalArgumentException if the port is outside 1..65535
         */
        public Builder brokerPort(int firstPort) {
            if (firstPort < 1 || firstPort > 65535) {
                throw new IllegalArgumentException("brokerPort must be in 1..65535, got " + firstPort);
            }
            this.firstBrokerPort = firstPort;
            return this;
        }

        /**
         * Sets how long starting the nodes and creating a topic may take before failing. Default
         * 60 seconds.
         *
         * @throws IllegalArgumentException if the timeout is not positive
         */
        public Builder startupTimeout(Duration startupTimeout) {
            Objects.requireNonNull(startupTimeout, "startupTimeout");
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, got " + startupTimeout);
            }
            this.startupTimeout = startupTimeout;
            return this;
        }

        /**
         * Chooses free loopback ports for every node and checks the broker configuration. Nothing
         * runs until {@link EmbeddedKafkaCluster#start()}.
         *
         * @throws IllegalArgumentException if a broker property is invalid
         * @throws EmbeddedKafkaException   if no temporary directory can be created
         */
        public EmbeddedKafkaCluster build() {
            List<Integer> ports = FreePorts.pick(2 * nodes);
            List<NodeEndpoint> endpoints = new ArrayList<>(nodes);
            for (int id = 0; id < nodes; id++) {
                int brokerPort = firstBrokerPort > 0 ? firstBrokerPort + id : ports.get(2 * id);
                endpoints.add(new NodeEndpoint(id, brokerPort, ports.get(2 * id + 1)));
            }
            NodeConfig config = new NodeConfig(endpoints, brokerProperties, startupTimeout);
            config.validate();
            DataDirectory directory = dataDir == null ? DataDirectory.temporary() : DataDirectory.userSupplied(dataDir);
            List<KafkaNode> kafkaNodes = endpoints.stream()
                    .map(endpoint -> {
                        Path storage = directory.nodeDir(endpoint.nodeId());
                        return new KafkaNode(endpoint, storage, config.forNode(endpoint, storage));
                    })
                    .toList();
            return new EmbeddedKafkaCluster(directory, kafkaNodes, startupTimeout);
        }
    }
}
