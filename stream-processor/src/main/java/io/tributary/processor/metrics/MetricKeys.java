package io.tributary.processor.metrics;

import io.tributary.schema.EventType;

/**
 * Record keys of the metrics topics: {@code service|EVENT_TYPE|name}, e.g.
 * {@code checkout|HTTP_RESPONSE|POST /v1/users/{id}}. A service name must not contain {@code |}.
 */
public final class MetricKeys {
    private MetricKeys() {
    }

    /** The key of one metric. */
    public static String key(String service, EventType type, String name) {
        // NUL separates the key from the bin suffix in the window store; it never belongs in a name
        return (service + '|' + type.name() + '|' + name).replace('\u0000', ' ');
    }
}
