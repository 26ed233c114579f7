package io.tributary.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.properties.PropertiesUtils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats node storage the way {@code kafka-storage.sh format} does, once: storage that already
 * holds a {@code meta.properties} is left alone so that a restart keeps every record. All nodes
 * of a cluster share one cluster id; storage that is only partly formatted, or formatted for a
 * different number of nodes, is refused rather than repaired.
 */
final class StorageFormatter {
    private static final Logger log = LoggerFactory.getLogger(StorageFormatter.class);

    private final DataDirectory dataDirectory;
    private final int nodes;

    StorageFormatter(DataDirectory dataDirectory, int nodes) {
        this.dataDirectory = dataDirectory;
        this.nodes = nodes;
    }

    /**
     * Formats every node directory if none is formatted yet, otherwise checks that all are.
     *
     * @return the cluster id, new or read from the existing storage
     * @throws EmbeddedKafkaException if the storage is inconsistent or cannot be formatted
     */
    String formatIfNeeded() {
        if (Files.exists(metaFile(nodes))) {
            throw new EmbeddedKafkaException("Kafka data directory " + dataDirectory.root()
                    + " holds storage for more than " + nodes + " node(s); use the node count it was created with"
                    + " or another directory");
        }
        List<String> clusterIds = new ArrayList<>();
        List<Integer> unformatted = new ArrayList<>();
        for (int id = 0; id < nodes; id++) {
            Optional<String> clusterId = readClusterId(id);
            clusterId.ifPresent(clusterIds::add);
            if (clusterId.isEmpty()) {
                unformatted.add(id);
            }
        }
        if (unformatted.size() == nodes) {
            String clusterId = Uuid.randomUuid().toString();
            for (int id = 0; id < nodes; id++) {
                format(id, clusterId);
            }
            log.info("Formatted Kafka storage for cluster {} in {}", clusterId, dataDirectory.root());
            return clusterId;
        }
        if (!unformatted.isEmpty()) {
            throw new EmbeddedKafkaException("Kafka data directory " + dataDirectory.root()
                    + " is only partly formatted (nodes " + unformatted + " have no meta.properties);"
                    + " delete it or use the node count it was created with");
        }
        if (clusterIds.stream().distinct().count() != 1) {
            throw new EmbeddedKafkaException("Kafka data directory " + dataDirectory.root()
                    + " mixes storage of several clusters: " + clusterIds.stream().distinct().toList());
        }
        return clusterIds.get(0);
    }

    private Optional<String> readClusterId(int nodeId) {
        Path metaFile = metaFile(nodeId);
        if (!Files.exists(metaFile)) {
            return Optional.empty();
        }
        MetaProperties meta;
        try {
            meta = new MetaProperties.Builder(PropertiesUtils.readPropertiesFile(metaFile.toString())).build();
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedKafkaException("Cannot read Kafka storage metadata " + metaFile + ": " + e, e);
        }
        if (!meta.nodeId().equals(OptionalInt.of(nodeId))) {
            throw new EmbeddedKafkaException("Kafka storage " + metaFile + " belongs to node "
                    + meta.nodeId() + ", expected node " + nodeId);
        }
        return Optional.of(meta.clusterId().orElseThrow(() ->
                new EmbeddedKafkaException("Kafka storage " + metaFile + " has no cluster.id")));
    }

    private Path metaFile(int nodeId) {
        return dataDirectory.nodeDir(nodeId).resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME);
    }

    private void format(int nodeId, String clusterId) {
        String dir = dataDirectory.nodeDir(nodeId).toString();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .addDirectory(dir)
                    .setMetadataLogDirectory(dir)
                    .setControllerListenerName(NodeConfig.CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new EmbeddedKafkaException("Cannot format Kafka storage in " + dir + ": " + e.getMessage(), e);
        }
    }
}
