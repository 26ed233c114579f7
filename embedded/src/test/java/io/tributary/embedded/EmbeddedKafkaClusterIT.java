package io.tributary.embedded;

import static io.tributary.embedded.TopicRecords.count;
import static io.tributary.embedded.TopicRecords.readAtLeast;
import static io.tributary.embedded.TopicRecords.send;
import static io.tributary.embedded.TopicRecords.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaClusterIT {
    private static final int RECORDS = 2_000;

    /** One single-node cluster shared by the tests that do not need their own. */
    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startCluster() {
        kafka = EmbeddedKafkaCluster.builder().build();
        kafka.start();
    }

    @AfterAll
    static void closeCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void readsBackEveryProducedRecord() throws Exception {
        kafka.createTopic("round-trip", 3, (short) 1);

        send(kafka.bootstrapServers(), "round-trip", 0, RECORDS);

        List<ConsumerRecord<String, String>> records = readAtLeast(kafka.bootstrapServers(), "round-trip", RECORDS);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(values(0, RECORDS));
        assertThat(records).allSatisfy(r -> assertThat(r.value()).isEqualTo(r.key().replace("key-", "value-")));
        assertThat(count(kafka.bootstrapServers(), "round-trip")).isEqualTo(RECORDS);
    }

    @Test
    void keepsRecordsAcrossRestartAndAcceptsMoreFromTheSameProducer() throws Exception {
        kafka.createTopic("restart", 2, (short) 1);
        Path storage = kafka.dataDir();
        try (KafkaProducer<String, String> producer = TopicRecords.producer(kafka.bootstrapServers())) {
            send(producer, "restart", 0, RECORDS);

            kafka.stop();
            assertThat(kafka.isRunning(0)).isFalse();
            assertThat(storage).isDirectory();
            kafka.start();

            assertThat(kafka.isRunning(0)).isTrue();
            assertThat(kafka.dataDir()).isEqualTo(storage);
            assertThat(readAtLeast(kafka.bootstrapServers(), "restart", RECORDS))
                    .extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(values(0, RECORDS));

            // The producer connected before the restart finds the broker again on the same port.
            send(producer, "restart", RECORDS, RECORDS + 500);
        }
        assertThat(readAtLeast(kafka.bootstrapServers(), "restart", RECORDS + 500))
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(values(0, RECORDS + 500));
        assertThat(count(kafka.bootstrapServers(), "restart")).isEqualTo(RECORDS + 500);
    }

    @Test
    void anotherClusterOnTheSameDataDirectoryServesTheSameRecords(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        try (EmbeddedKafkaCluster first = EmbeddedKafkaCluster.builder().dataDir(dataDir).build()) {
            first.start();
            first.createTopic("kept", 1, (short) 1);
            send(first.bootstrapServers(), "kept", 0, 300);
        }
        assertThat(dataDir.resolve("node-0").resolve("meta.properties")).isRegularFile();

        try (EmbeddedKafkaCluster second = EmbeddedKafkaCluster.builder().dataDir(dataDir).build()) {
            second.start();
            assertThat(readAtLeast(second.bootstrapServers(), "kept", 300))
                    .extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(values(0, 300));
        }
        assertThat(Files.exists(dataDir)).as("a user-supplied data directory is kept").isTrue();
    }

    @Test
    void threeNodeClusterKeepsServingWithOneNodeDown() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().nodes(3).build()) {
            cluster.start();
            cluster.createTopic("replicated", 3, (short) 3, Map.of("min.insync.replicas", "2"));
            String bootstrap = cluster.bootstrapServers();
            assertThat(bootstrap.split(",")).hasSize(3);
            assertThat(partitionsOf(bootstrap, "replicated")).allSatisfy(p -> assertThat(p.isr()).hasSize(3));

            send(bootstrap, "replicated", 0, RECORDS);
            cluster.stopNode(0);
            assertThat(cluster.isRunning(0)).isFalse();
            assertThat(cluster.isRunning(1)).isTrue();

            // acks=all with min.insync.replicas=2 still succeeds on the two remaining replicas.
            send(bootstrap, "replicated", RECORDS, 2 * RECORDS);
            assertThat(readAtLeast(bootstrap, "replicated", 2 * RECORDS))
                    .extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(values(0, 2 * RECORDS));
            assertThat(partitionsOf(bootstrap, "replicated"))
                    .allSatisfy(p -> assertThat(p.isr()).extracting(n -> n.id()).doesNotContain(0));

            cluster.startNode(0);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(partitionsOf(bootstrap, "replicated")).allSatisfy(p -> assertThat(p.isr()).hasSize(3)));
            assertThat(count(bootstrap, "replicated")).isEqualTo(2 * RECORDS);
        }
    }

    @Test
    void failsClearlyWhileTheBrokerPortIsTakenAndStartsOnceItIsFree() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().build()) {
            int port = Integer.parseInt(cluster.bootstrapServers().split(":")[1]);
            try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                assertThatThrownBy(cluster::start)
                        .isInstanceOf(EmbeddedKafkaException.class)
                        .hasMessageContaining("node 0")
                        .hasMessageContaining("127.0.0.1:" + squatter.getLocalPort());
                assertThat(cluster.isRunning(0)).isFalse();
            }

            cluster.start();
            cluster.createTopic("after-port-freed", 1, (short) 1);
            send(cluster.bootstrapServers(), "after-port-freed", 0, 10);
            assertThat(count(cluster.bootstrapServers(), "after-port-freed")).isEqualTo(10);
        }
    }

    private static List<TopicPartitionInfo> partitionsOf(String bootstrap, String topic)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.partitions();
        }
    }
}
