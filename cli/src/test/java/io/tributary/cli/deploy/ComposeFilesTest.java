package io.tributary.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compose files validate offline ({@code docker-compose config}), run the official Kafka image of the
 * version Tributary is built against, and give every Tributary service a health check on its metrics port.
 */
class ComposeFilesTest {
    @ParameterizedTest
    @ValueSource(strings = {"compose.yaml", "compose.scale.yaml"})
    void validatesAndEveryServiceHasAHealthCheck(String file) throws Exception {
        JsonNode services = DeployFiles.compose(file).path("services");
        assertThat(services.size()).isGreaterThanOrEqualTo(4);
        String kafka = "apache/kafka:" + kafkaVersion();
        List<String> tributary = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            if (s.path("image").asText().startsWith("apache/kafka")) {
                assertThat(s.path("image").asText()).as(e.getKey()).isEqualTo(kafka);
            } else if (!s.path("command").get(0).asText().equals("topics")) {
                tributary.add(e.getKey());
                assertThat(s.path("healthcheck").path("test").toString()).as(e.getKey())
                        .matches(".*http://127\\.0\\.0\\.1:94\\d\\d/(health|ready).*");
            }
        });
        assertThat(tributary).isNotEmpty();
    }

    @Test
    void theScaleVariantReplicatesThreeTimesAndRunsTwoOfEachWorker() throws Exception {
        JsonNode services = DeployFiles.compose("compose.scale.yaml").path("services");
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("kafka-1", "kafka-2", "kafka-3", "processor-1", "processor-2", "export-files-1",
                "export-files-2");
        assertThat(services.path("kafka-2").path("environment").path("KAFKA_MIN_INSYNC_REPLICAS").asText())
                .isEqualTo("2");
        assertThat(services.path("topics").path("command").toString()).contains("\"--replication-factor\",\"3\"");
        assertThat(services.path("export-files-1").path("volumes").toString())
                .isEqualTo(services.path("export-files-2").path("volumes").toString());
    }

    /** The Kafka version pinned in the parent pom. */
    static String kafkaVersion() throws Exception {
        Matcher m = Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
                .matcher(Files.readString(DeployFiles.DEPLOY.resolveSibling("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
