package io.tributary.export.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.export.file.FileExportConfig;
import io.tributary.export.http.HttpExportConfig;
import io.tributary.runtime.config.SharedConfigDef;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportPassThroughTest {
    private static final Map<String, String> ENV = Map.of(
            "TRIBUTARY_BOOTSTRAP_SERVERS", "broker:9093",
            "TRIBUTARY_SPOOL_DIR", "/var/spool/tributary",           // the SDK's
            "TRIBUTARY_METRICS_WINDOWS", "1m,1h",                    // the processor's
            "TRIBUTARY_LOG_LEVEL", "DEBUG",                          // the CLI's
            "TRIBUTARY_SASL_MECHANISM", "PLAIN",                     // a client setting
            "TRIBUTARY_KAFKA_CLIENT_DNS_LOOKUP", "use_all_dns_ips");  // explicit

    @Test
    void theSdksSpoolDirDoesNotReachTheFileExportersClients() {
        FileExportConfig config = FileExportConfig.fromEnvironment(ENV,
                Map.of("exprot.format", "csv", "kafka.my.login.option", "x"));
        assertThat(config.kafkaClientSettings()).containsOnly(Map.entry("bootstrap.servers", "broker:9093"),
                Map.entry("sasl.mechanism", "PLAIN"), Map.entry("client.dns.lookup", "use_all_dns_ips"),
                Map.entry("my.login.option", "x"));
    }

    @Test
    void theSdksSpoolDirDoesNotReachTheHttpExportersClients() {
        HttpExportConfig config = HttpExportConfig.fromEnvironment(ENV,
                Map.of(HttpExportConfig.ENDPOINT, "https://c.example/v1"));
        assertThat(config.kafkaClientSettings()).containsOnlyKeys("bootstrap.servers", "sasl.mechanism",
                "client.dns.lookup");
    }

    @Test
    void bothExportersComposeTheSharedKeys() {
        assertThat(FileExportConfig.CONFIG.names()).containsAll(SharedConfigDef.define().names());
        assertThat(HttpExportConfig.CONFIG.names()).containsAll(SharedConfigDef.define().names());
        assertThat(new FileExportConfig(Map.of()).topicNames().sampled()).isEqualTo("tributary.events.sampled");
    }
}
