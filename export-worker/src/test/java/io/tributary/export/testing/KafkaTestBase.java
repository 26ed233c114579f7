package io.tributary.export.testing;

import io.tributary.embedded.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Integration tests against one embedded Kafka broker shared by a class's tests. */
public abstract class KafkaTestBase {
    protected static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafkaCluster.builder().nodes(1).build();
        kafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }
}
