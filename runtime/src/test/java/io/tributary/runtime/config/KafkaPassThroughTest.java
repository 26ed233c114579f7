package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KafkaPassThroughTest {
    private static final Set<String> OWN = Set.of("bootstrap.servers", "export.dir");

    @Test
    void clientKeysAndExplicitlyPrefixedKeysPassOthersAreRefused() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("export.dir", "/x");                          // the component's own
        settings.put("security.protocol", "SSL");                  // a client setting
        settings.put("max.poll.records", "100");                   // a consumer setting
        settings.put("config.providers.vault.class", "x.V");       // a config provider
        settings.put("kafka.my.login.option", "y");                // explicit
        settings.put("spool.dir", "/var/spool");                   // the SDK's
        settings.put("exprot.dir", "/typo");                       // misspelt

        KafkaPassThrough rule = KafkaPassThrough.clients();

        assertThat(rule.select(settings, OWN)).containsOnly(Map.entry("security.protocol", "SSL"),
                Map.entry("max.poll.records", "100"), Map.entry("config.providers.vault.class", "x.V"),
                Map.entry("my.login.option", "y"));
        assertThat(rule.refused(settings, OWN)).containsExactly("exprot.dir", "spool.dir");
    }

    @Test
    void theExplicitFormWinsOverThePlainOne() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("kafka.security.protocol", "SASL_SSL");
        settings.put("security.protocol", "SSL");
        assertThat(KafkaPassThrough.clients().select(settings, OWN))
                .containsExactly(Map.entry("security.protocol", "SASL_SSL"));
        assertThat(KafkaPassThrough.clients().admits("kafka.")).as("a bare prefix names nothing").isFalse();
    }

    @Test
    void moreKeysAndPrefixesCanBeAdmittedWithoutChangingTheOriginal() {
        KafkaPassThrough clients = KafkaPassThrough.clients();
        KafkaPassThrough streams = clients.with(List.of("num.standby.replicas"), List.of("main.consumer."));
        assertThat(streams.admits("num.standby.replicas")).isTrue();
        assertThat(streams.admits("main.consumer.max.poll.records")).isTrue();
        assertThat(streams.admits("security.protocol")).isTrue();
        assertThat(clients.admits("num.standby.replicas")).isFalse();
        assertThat(KafkaPassThrough.explicitOnly().admits("security.protocol")).isFalse();
        assertThat(KafkaPassThrough.explicitOnly().admits("kafka.security.protocol")).isTrue();
    }
}
