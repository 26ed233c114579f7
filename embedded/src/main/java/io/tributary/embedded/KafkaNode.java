package io.tributary.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.LeaderAndIsr;
import org.apache.kafka.metadata.MetadataCache;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * One combined broker+controller node, wired the way {@code kafka.server.KafkaRaftServer} wires
 * it, but with the broker and the controller started and stopped separately. That lets a whole
 * cluster stop its brokers while every controller is still up to approve their controlled
 * shutdown, and only then stop the controllers. Each start builds fresh Kafka server objects
 * (they cannot be restarted) on the same storage and ports.
 */
final class KafkaNode {
    private static final Logger log = LoggerFactory.getLogger(KafkaNode.class);

    private final NodeEndpoint endpoint;
    private final Path storageDir;
    private final Properties config;

    private volatile Metrics metrics;
    private volatile ControllerServer controller;
    private volatile BrokerServer broker;
    private volatile boolean brokerStarted;

    KafkaNode(NodeEndpoint endpoint, Path storageDir, Properties config) {
        this.endpoint = endpoint;
        this.storageDir = storageDir;
        this.config = config;
    }

    int id() {
        return endpoint.nodeId();
    }

    NodeEndpoint endpoint() {
        return endpoint;
    }

    /** True from a successful {@link #startController()} until {@link #stopController()}. */
    boolean controllerRunning() {
        return controller != null;
    }

    /** True from a successful {@link #startBroker()} until {@link #stopBroker(Duration)}. */
    boolean brokerRunning() {
        return brokerStarted;
    }

    /**
     * True when this node's broker knows a leader for each of the topic's first {@code partitions} partitions,
     * or when the broker is not running (it has nothing to learn yet).
     */
    boolean knowsLeaders(String topic, int partitions) {
        if (!brokerStarted) {
            return true;
        }
        MetadataCache metadata = broker.metadataCache();
        for (int partition = 0; partition < partitions; partition++) {
            boolean led = metadata.getLeaderAndIsr(topic, partition).map(LeaderAndIsr::leader)
                    .filter(leader -> leader >= 0).isPresent();
            if (!led) {
                return false;
            }
        }
        return true;
    }

    /**
     * Loads the (already formatted) storage and starts the controller. Returns without waiting
     * for a quorum, so that every controller of a cluster can start before any broker.
     */
    void startController() {
        KafkaConfig kafkaConfig = new KafkaConfig(config, false);
        Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> storage =
                KafkaRaftServer.initializeLogDirs(kafkaConfig, log, "[node " + id() + "] ");
        metrics = Server.initializeMetrics(kafkaConfig, Time.SYSTEM, storage._1().clusterId().get());
        SharedServer shared = new SharedServer(
                kafkaConfig,
                storage._1(),
                Time.SYSTEM,
                metrics,
                CompletableFuture.completedFuture(
                        QuorumConfig.parseVoterConnections(kafkaConfig.quorumConfig().voters())),
                QuorumConfig.parseBootstrapServers(kafkaConfig.quorumConfig().bootstrapServers()),
                new NonTerminatingFaultHandlerFactory(),
                ServerSocketFactory.INSTANCE);
        ControllerServer newController = new ControllerServer(shared, KafkaRaftServer.configSchema(), storage._2());
        broker = new BrokerServer(shared);
        newController.startup();
        controller = newController;
    }

    /**
     * Starts the broker of a node whose controller runs. Blocks until the broker has caught up
     * with the metadata log and been unfenced, which needs a controller quorum.
     */
    void startBroker() {
        BrokerServer starting = broker;
        if (controller == null || starting == null) {
            throw new IllegalStateException("The controller of node " + id() + " is not running");
        }
        starting.startup();
        brokerStarted = true;
    }

    /**
     * Shuts the broker down, first asking the controller to move partition leadership away.
     *
     * @param controlledShutdownTimeout how long to wait for the controller's approval; use a
     *                                  short one when no controller quorum is left to approve
     */
    void stopBroker(Duration controlledShutdownTimeout) {
        BrokerServer stopping = broker;
        brokerStarted = false;
        if (stopping != null) {
            stopping.shutdown(controlledShutdownTimeout);
            stopping.awaitShutdown();
        }
    }

    /** Shuts the controller down; call after {@link #stopBroker}. Keeps the storage. */
    void stopController() {
        ControllerServer stopping = controller;
        controller = null;
        broker = null;
        if (stopping != null) {
            stopping.shutdown();
            stopping.awaitShutdown();
        }
        Metrics opened = metrics;
        metrics = null;
        if (opened != null) {
            // SharedServer closes them once it has started; closing again is harmless and
            // covers a start that failed before that.
            opened.close();
        }
    }

    @Override
    public String toString() {
        return "node " + id() + " (" + endpoint.brokerAddress() + ", storage " + storageDir + ")";
    }
}
