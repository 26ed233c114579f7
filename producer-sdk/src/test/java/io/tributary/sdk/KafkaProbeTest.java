package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin client a probe uses is configured like the producer, less the producer's own settings. */
class KafkaProbeTest {
    @TempDir
    Path dir;

    @Test
    void theAdminClientKeepsSecuritySettingsConfigProvidersAndPluginSettingsButNotTheProducersOwn()
            throws IOException {
        Path secrets = dir.resolve("client.properties");
        Files.writeString(secrets, "lookup=use_all_dns_ips\n");
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put("bootstrap.servers", "127.0.0.1:1");
        producerConfig.put("client.id", "tributary-svc-1");
        producerConfig.put("acks", "all");
        producerConfig.put("linger.ms", 20);
        producerConfig.put("compression.type", "zstd");
        producerConfig.put("security.protocol", "PLAINTEXT");
        producerConfig.put("config.providers", "file");
        producerConfig.put("config.providers.file.class", FileConfigProvider.class.getName());
        producerConfig.put("client.dns.lookup", "${file:" + secrets + ":lookup}");
        producerConfig.put("some.login.plugin.setting", "kept");

        KafkaProbe.ClusterProbe probe = (KafkaProbe.ClusterProbe) KafkaProbe.ofCluster(
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()), producerConfig,
                "events", Duration.ofSeconds(1));
        assertThat(probe.adminConfig())
                .containsEntry("client.id", "tributary-svc-1-probe")
                .containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry("config.providers.file.class", FileConfigProvider.class.getName())
                .containsEntry("some.login.plugin.setting", "kept")
                .doesNotContainKeys("acks", "linger.ms", "compression.type");
        // The setting read through the config provider resolves: without the provider's class it would not.
        try (Admin admin = Admin.create(probe.adminConfig())) {
            assertThat(admin).isNotNull();
        }
        probe.close();
    }
}
