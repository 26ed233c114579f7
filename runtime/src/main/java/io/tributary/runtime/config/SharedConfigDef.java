package io.tributary.runtime.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The settings every Tributary component shares, defined once: where Kafka is ({@value #BOOTSTRAP_SERVERS}),
 * the prefix of the topic names ({@value #TOPIC_PREFIX}) and the service of events that name none
 * ({@value #DEFAULT_SERVICE}). Each component starts its {@link ConfigDef} from {@link #define()} and adds its
 * own keys:
 *
 * <pre>{@code
 * ConfigDef def = SharedConfigDef.define();
 * def.define("export.dir", Type.STRING, ...);
 * }</pre>
 */
public final class SharedConfigDef {
    /** Kafka bootstrap servers, {@code host:port[,host:port...]}; default {@value #DEFAULT_BOOTSTRAP_SERVERS}. */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** Prefix of every Tributary topic name; default {@value #DEFAULT_TOPIC_PREFIX}. */
    public static final String TOPIC_PREFIX = "topic.prefix";
    /** Service of JSON events that name none; default {@value #DEFAULT_SERVICE_NAME}. */
    public static final String DEFAULT_SERVICE = "default.service";

    /** Default of {@value #BOOTSTRAP_SERVERS}. */
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    /** Default of {@value #TOPIC_PREFIX}; the same as {@code Topics.DEFAULT_PREFIX} of the schemas module. */
    public static final String DEFAULT_TOPIC_PREFIX = "tributary.";
    /** Default of {@value #DEFAULT_SERVICE}; the same as {@code DecodeContext.UNKNOWN_SERVICE} of the schemas module. */
    public static final String DEFAULT_SERVICE_NAME = "unknown";

    private SharedConfigDef() {
    }

    /** A new definition holding the shared keys, for a component to add its own to. */
    public static ConfigDef define() {
        ConfigDef def = new ConfigDef();
        def.define(BOOTSTRAP_SERVERS, Type.STRING, DEFAULT_BOOTSTRAP_SERVERS, new ConfigDef.NonEmptyString(),
                Importance.HIGH, "Kafka bootstrap servers, host:port[,host:port...].");
        def.define(TOPIC_PREFIX, Type.STRING, DEFAULT_TOPIC_PREFIX, Importance.MEDIUM,
                "Prefix of every Tributary topic name: <prefix>events.raw, <prefix>events.sampled, "
                        + "<prefix>events.dlq, <prefix>metrics.<window>, <prefix>sessions, <prefix>sampling.rules.");
        def.define(DEFAULT_SERVICE, Type.STRING, DEFAULT_SERVICE_NAME, Importance.LOW,
                "Service of JSON events that name none and carry no 'service' record header.");
        return def;
    }
}
