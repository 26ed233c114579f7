package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SharedConfigDefTest {
    @Test
    void aComponentComposesTheSharedKeysWithItsOwn() {
        ConfigDef def = SharedConfigDef.define();
        def.define("export.dir", ConfigDef.Type.STRING, "./data", ConfigDef.Importance.HIGH, "Where files go.");

        AbstractConfig config = new AbstractConfig(def, Map.of("export.dir", "/x", "topic.prefix", "acme."));

        assertThat(def.names()).containsExactlyInAnyOrder("bootstrap.servers", "topic.prefix", "default.service",
                "export.dir");
        assertThat(config.getString(SharedConfigDef.BOOTSTRAP_SERVERS)).isEqualTo("localhost:9092");
        assertThat(config.getString(SharedConfigDef.TOPIC_PREFIX)).isEqualTo("acme.");
        assertThat(config.getString(SharedConfigDef.DEFAULT_SERVICE)).isEqualTo("unknown");
        assertThat(config.getString("export.dir")).isEqualTo("/x");
    }

    @Test
    void eachCallGivesItsOwnDefinitionAndEveryKeyIsDocumented() {
        ConfigDef one = SharedConfigDef.define();
        one.define("only.here", ConfigDef.Type.INT, 1, ConfigDef.Importance.LOW, "x");
        assertThat(SharedConfigDef.define().names()).doesNotContain("only.here");
        assertThat(one.configKeys().values()).allSatisfy(k -> assertThat(k.documentation).isNotBlank());
    }

    @Test
    void blankBootstrapServersAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> new AbstractConfig(SharedConfigDef.define(), Map.of("bootstrap.servers", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
    }
}
