package io.tributary.runtime.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;

/**
 * Which of a component's settings reach its Kafka clients. A setting the component does not define passes
 * when the Kafka clients know it ({@code security.protocol}, {@code sasl.jaas.config},
 * {@code max.poll.records}, a {@code config.providers.*} key, ...), or when it is written with the explicit
 * prefix {@value #EXPLICIT_PREFIX}, which is stripped ({@code kafka.my.login.option=x} reaches the clients as
 * {@code my.login.option=x}, and wins over the same key without the prefix). Anything else, a misspelt key or
 * a setting of another component, is {@linkplain #refused refused}: the component names it in a warning
 * and does not hand it on. Immutable.
 */
public final class KafkaPassThrough {
    /** Prefix that passes any setting to the Kafka clients, without the prefix. */
    public static final String EXPLICIT_PREFIX = "kafka.";

    private static final List<String> CONFIG_PROVIDER_PREFIXES = List.of("config.providers");

    private final Set<String> keys;
    private final List<String> prefixes;

    private KafkaPassThrough(Set<String> keys, List<String> prefixes) {
        this.keys = Set.copyOf(keys);
        this.prefixes = List.copyOf(prefixes);
    }

    /** Passes what the Kafka consumer, producer or admin client knows, and {@value #EXPLICIT_PREFIX} keys. */
    public static KafkaPassThrough clients() {
        Set<String> known = new HashSet<>(ConsumerConfig.configNames());
        known.addAll(ProducerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        return new KafkaPassThrough(known, CONFIG_PROVIDER_PREFIXES);
    }

    /** Passes {@value #EXPLICIT_PREFIX} keys only. */
    public static KafkaPassThrough explicitOnly() {
        return new KafkaPassThrough(Set.of(), List.of());
    }

    /**
     * This rule, also passing {@code moreKeys} and keys that start with one of {@code morePrefixes} (Kafka Streams
     * adds its own settings and its {@code main.consumer.}-style prefixes).
     */
    public KafkaPassThrough with(Collection<String> moreKeys, Collection<String> morePrefixes) {
        Set<String> k = new HashSet<>(keys);
        k.addAll(moreKeys);
        List<String> p = new ArrayList<>(prefixes);
        p.addAll(morePrefixes);
        return new KafkaPassThrough(k, p);
    }

    /** True when {@code key} reaches the Kafka clients (with {@value #EXPLICIT_PREFIX} stripped). */
    public boolean admits(String key) {
        if (key.startsWith(EXPLICIT_PREFIX) && key.length() > EXPLICIT_PREFIX.length() || keys.contains(key)) {
            return true;
        }
        return prefixes.stream().anyMatch(key::startsWith);
    }

    /**
     * The settings of {@code settings} that reach the Kafka clients: those not in {@code componentKeys} that
     * {@link #admits} admits, with {@value #EXPLICIT_PREFIX} stripped.
     */
    public Map<String, Object> select(Map<String, ?> settings, Set<String> componentKeys) {
        Map<String, Object> plain = new LinkedHashMap<>();
        Map<String, Object> explicit = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (componentKeys.contains(key) || !admits(key)) {
                return;
            }
            if (key.startsWith(EXPLICIT_PREFIX)) {
                explicit.put(key.substring(EXPLICIT_PREFIX.length()), value);
            } else {
                plain.put(key, value);
            }
        });
        plain.putAll(explicit);
        return plain;
    }

    /**
     * Settings for a component's Kafka clients: what {@link #select} takes from the component's originals, and
     * its {@value SharedConfigDef#BOOTSTRAP_SERVERS} (default included). A new map the caller may change.
     */
    public Map<String, Object> clientSettings(AbstractConfig config, Set<String> componentKeys) {
        Map<String, Object> settings = select(config.originals(), componentKeys);
        settings.put(SharedConfigDef.BOOTSTRAP_SERVERS, config.getString(SharedConfigDef.BOOTSTRAP_SERVERS));
        return settings;
    }

    /** The keys of {@code settings}, sorted, that are neither in {@code componentKeys} nor admitted. */
    public List<String> refused(Map<String, ?> settings, Set<String> componentKeys) {
        return settings.keySet().stream().filter(key -> !componentKeys.contains(key) && !admits(key)).sorted()
                .toList();
    }
}
