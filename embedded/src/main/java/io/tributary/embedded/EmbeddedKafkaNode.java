package io.tributary.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/** One combined broker and controller: formats its storage once, and starts and stops on the same data. */
final class EmbeddedKafkaNode {
    private final int id;
    private final String clusterId;
    private final Path logDir;
    private final Map<String, String> settings;
    private KafkaRaftServer server;

    EmbeddedKafkaNode(int id, String clusterId, Path logDir, Map<String, String> settings) {
        this.id = id;
        this.clusterId = clusterId;
        this.logDir = logDir;
        this.settings = settings;
    }

    int id() {
        return id;
    }

    synchronized boolean running() {
        return server != null;
    }

    synchronized void start() {
        if (server != null) {
            return;
        }
        formatOnce();
        KafkaConfig config = new KafkaConfig(settings, false);
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            started.startup();
        } catch (RuntimeException e) {
            started.shutdown();
            throw new IllegalStateException("Kafka node " + id + " failed to start on " + settings.get("listeners")
                    + " with data in " + logDir + ": " + e.getMessage(), e);
        }
        server = started;
    }

    synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    private void formatOnce() {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the Kafka data directory " + logDir + ": " + e, e);
        }
        if (!Files.isWritable(logDir)) {
            throw new IllegalStateException("the Kafka data directory " + logDir + " is not writable");
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(id)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }
}
