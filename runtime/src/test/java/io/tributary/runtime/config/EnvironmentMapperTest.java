package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.runtime.config.EnvironmentMapper.Variable;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvironmentMapperTest {
    private final EnvironmentMapper mapper = new EnvironmentMapper(Set.of("bootstrap.servers", "export.dir",
            "export.rotate.age.ms"), KafkaPassThrough.clients());

    @Test
    void variablesMapOntoKeys() {
        assertThat(EnvironmentMapper.key("TRIBUTARY_EXPORT_ROTATE_AGE_MS")).isEqualTo("export.rotate.age.ms");
        assertThat(EnvironmentMapper.key("TRIBUTARY_KAFKA_SECURITY_PROTOCOL")).isEqualTo("kafka.security.protocol");
        assertThat(EnvironmentMapper.key("TRIBUTARY_")).isNull();
        assertThat(EnvironmentMapper.key("PATH")).isNull();
    }

    @Test
    void onlyTheComponentsKeysAndWhatKafkaTakesAreAdmitted() {
        Map<String, String> env = Map.of(
                "TRIBUTARY_BOOTSTRAP_SERVERS", "kafka:9092",
                "TRIBUTARY_EXPORT_DIR", "/data",
                "TRIBUTARY_SECURITY_PROTOCOL", "SSL",
                "TRIBUTARY_KAFKA_SASL_MECHANISM", "PLAIN",
                "TRIBUTARY_SPOOL_DIR", "/var/spool/tributary",
                "TRIBUTARY_LOG_LEVEL", "DEBUG",
                "PATH", "/bin");

        assertThat(mapper.settings(env, Map.of("export.dir", "/override"))).containsOnly(
                Map.entry("bootstrap.servers", "kafka:9092"), Map.entry("export.dir", "/override"),
                Map.entry("security.protocol", "SSL"), Map.entry("kafka.sasl.mechanism", "PLAIN"));
        assertThat(mapper.variables(env)).extracting(Variable::name).containsExactly("TRIBUTARY_BOOTSTRAP_SERVERS",
                "TRIBUTARY_EXPORT_DIR", "TRIBUTARY_KAFKA_SASL_MECHANISM", "TRIBUTARY_SECURITY_PROTOCOL");
    }
}
