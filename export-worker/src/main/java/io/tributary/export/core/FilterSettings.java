package io.tributary.export.core;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigException;

/**
 * The record filter settings every exporter takes, defined once: {@value #FROM}, {@value #TO},
 * {@value #CATEGORIES}, {@value #TYPES} and {@value #SESSIONS}. Records they drop are skipped, counted in
 * {@code tributary.export.records.skipped}, and their offsets still committed.
 */
public final class FilterSettings {
    public static final String FROM = "export.filter.from";
    public static final String TO = "export.filter.to";
    public static final String CATEGORIES = "export.filter.categories";
    public static final String TYPES = "export.filter.types";
    public static final String SESSIONS = "export.filter.sessions";

    private FilterSettings() {
    }

    /** Adds the filter settings to {@code def}. */
    public static void define(ConfigDef def) {
        def.define(FROM, Type.STRING, "", Importance.LOW,
                "Export only records with event time at or after this ISO-8601 instant. Empty: no bound.");
        def.define(TO, Type.STRING, "", Importance.LOW,
                "Export only records with event time before this ISO-8601 instant. Empty: no bound.");
        def.define(CATEGORIES, Type.LIST, "",
                ValidList.in(true, "usage", "performance", "error", "trace", "custom"), Importance.LOW,
                "Export only events of these categories. Empty: all.");
        def.define(TYPES, Type.LIST, "", ValidList.in(true, "session_start", "call", "return", "exception",
                "http_request", "http_response", "custom"), Importance.LOW,
                "Export only events of these types. Empty: all.");
        def.define(SESSIONS, Type.LIST, "", Importance.LOW,
                "Export only events of these session ids. Empty: all.");
    }

    /**
     * The filter that {@code config}'s settings describe.
     *
     * @throws ConfigException when a time bound is not an ISO-8601 instant
     */
    public static RecordFilter filter(AbstractConfig config) {
        return new RecordFilter(instant(config, FROM), instant(config, TO),
                new HashSet<>(config.getList(CATEGORIES)), new HashSet<>(config.getList(TYPES)),
                new HashSet<>(config.getList(SESSIONS)));
    }

    /** The filters in force, by key, as recorded in manifests; empty settings are left out. */
    public static Map<String, String> describe(AbstractConfig config) {
        Map<String, String> filters = new TreeMap<>();
        for (String key : List.of(FROM, TO)) {
            if (!config.getString(key).isBlank()) {
                filters.put(key, config.getString(key));
            }
        }
        for (String key : List.of(CATEGORIES, TYPES, SESSIONS)) {
            if (!config.getList(key).isEmpty()) {
                filters.put(key, String.join(",", config.getList(key)));
            }
        }
        return filters;
    }

    private static Instant instant(AbstractConfig config, String key) {
        String value = config.getString(key);
        try {
            return value.isBlank() ? null : Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ConfigException(key, value, "not an ISO-8601 instant such as 2025-11-22T08:00:00Z");
        }
    }
}
