package io.tributary.runtime.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps {@code TRIBUTARY_*} environment variables onto a component's setting keys: strip {@value #PREFIX},
 * lower-case, {@code _} becomes {@code .}, so {@code TRIBUTARY_METRICS_WINDOWS} is {@code metrics.windows} and
 * {@code TRIBUTARY_KAFKA_SECURITY_PROTOCOL} is {@code kafka.security.protocol} (the explicit pass-through of
 * {@link KafkaPassThrough}).
 *
 * <p>One environment serves every component (a compose file sets {@code TRIBUTARY_SPOOL_DIR} for the SDK and
 * {@code TRIBUTARY_EXPORT_DIR} for the exporter side by side), so a variable is admitted only when its key is
 * one of the component's own or its {@link KafkaPassThrough} admits it; the others are left to the
 * components they belong to, silently. Immutable.
 */
public final class EnvironmentMapper {
    /** Prefix of the variables read. */
    public static final String PREFIX = "TRIBUTARY_";

    private final Set<String> componentKeys;
    private final KafkaPassThrough passThrough;

    /**
     * @param componentKeys the component's own keys, e.g. {@code ConfigDef.names()}
     * @param passThrough   which other keys reach the component's Kafka clients
     */
    public EnvironmentMapper(Set<String> componentKeys, KafkaPassThrough passThrough) {
        this.componentKeys = Set.copyOf(componentKeys);
        this.passThrough = Objects.requireNonNull(passThrough, "passThrough");
    }

    /** One admitted variable: its name, the key it maps to, and its value. */
    public record Variable(String name, String key, String value) {
    }

    /** The key of a {@value #PREFIX} variable ({@code TRIBUTARY_EXPORT_DIR} → {@code export.dir}), else null. */
    public static String key(String variable) {
        if (!variable.startsWith(PREFIX) || variable.length() == PREFIX.length()) {
            return null;
        }
        return variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The admitted variables of {@code environment}, sorted by name. */
    public List<Variable> variables(Map<String, String> environment) {
        List<Variable> admitted = new ArrayList<>();
        environment.forEach((name, value) -> {
            String key = key(name);
            if (key != null && (componentKeys.contains(key) || passThrough.admits(key))) {
                admitted.add(new Variable(name, key, value));
            }
        });
        admitted.sort((a, b) -> a.name().compareTo(b.name()));
        return admitted;
    }

    /** The settings of the admitted variables of {@code environment}, then {@code overrides}, which win. */
    public Map<String, Object> settings(Map<String, String> environment, Map<String, ?> overrides) {
        Map<String, Object> settings = new LinkedHashMap<>();
        variables(environment).forEach(v -> settings.put(v.key(), v.value()));
        settings.putAll(overrides);
        return settings;
    }
}
