package io.tributary.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration and startup errors that are detected before any broker runs. */
class EmbeddedKafkaClusterTest {

    @Test
    void refusesADataDirectoryThatIsAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().dataDir(file).build()) {
            assertThatThrownBy(kafka::start)
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessage("Kafka data directory " + file + " is not a directory");
            assertThat(kafka.isRunning(0)).isFalse();
        }
        assertThat(file).hasContent("x");
    }

    @Test
    void refusesStorageFormattedForMoreNodes(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("node-1"));
        Files.writeString(dir.resolve("node-1").resolve("meta.properties"), "node.id=1\nversion=1\ncluster.id=x\n");
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().dataDir(dir).build()) {
            assertThatThrownBy(kafka::start)
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("more than 1 node(s)");
        }
    }

    @Test
    void refusesToOverrideTheClusterWiring() {
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().brokerProperty("listeners", "PLAINTEXT://:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
    }

    @Test
    void rejectsAnInvalidBrokerPropertyWhenBuilt() {
        EmbeddedKafkaCluster.Builder builder = EmbeddedKafkaCluster.builder().brokerProperty("num.io.threads", "many");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num.io.threads")
                .hasMessageContaining("many");
    }

    @Test
    void temporaryDataDirectoryIsDeletedOnClose() {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(2).build();
        Path dir = kafka.dataDir();
        assertThat(dir).isDirectory();
        assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+");

        kafka.close();

        assertThat(dir).doesNotExist();
        assertThatThrownBy(kafka::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsUnknownNodeIds() {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().build()) {
            assertThatThrownBy(() -> kafka.stopNode(1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("No Kafka node 1; node ids are 0 to 0");
        }
    }
}
