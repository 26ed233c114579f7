package io.tributary.export.http;

import io.tributary.export.core.FilterSettings;
import io.tributary.export.core.LoopThreads;
import io.tributary.export.core.RecordFilter;
import io.tributary.export.format.Compression;
import io.tributary.runtime.config.EnvironmentMapper;
import io.tributary.runtime.config.KafkaPassThrough;
import io.tributary.runtime.config.SharedConfigDef;
import io.tributary.schema.kafka.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the {@link HttpExportWorker}, in Kafka's {@link ConfigDef} style: {@link #CONFIG} documents every
 * key, its type, default and validator ({@link #reference()} renders them); {@code bootstrap.servers},
 * {@code topic.prefix} and {@code default.service} come from {@link SharedConfigDef}. A key not defined here reaches
 * the Kafka consumer and dead-letter producer when they know it (e.g. {@code security.protocol},
 * {@code max.poll.records}) or when it is written {@code kafka.<key>}; see {@link KafkaPassThrough}.
 *
 * <p>Environment variables map onto the same keys ({@link EnvironmentMapper}): {@code TRIBUTARY_HTTP_ENDPOINT} is {@value #ENDPOINT} and {@code TRIBUTARY_HTTP_TOKEN} is
 * {@value #TOKEN}. The token is a {@link Password}: {@code toString()}, Kafka's config logging and
 * {@link #values()} show {@code [hidden]}.
 *
 * <pre>{@code
 * var config = HttpExportConfig.fromEnvironment(System.getenv(), Map.of(
 *         HttpExportConfig.ENDPOINT, "https://collector.example.com/v1/events",
 *         HttpExportConfig.TOKEN_FILE, "/run/secrets/collector-token"));
 * }</pre>
 *
 * @throws ConfigException from the constructors when a value is invalid, e.g. a plain {@code http://}
 *     endpoint without {@value #ALLOW_INSECURE}
 */
public final class HttpExportConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = SharedConfigDef.BOOTSTRAP_SERVERS;
    public static final String TOPIC_PREFIX = SharedConfigDef.TOPIC_PREFIX;
    public static final String TOPICS = "http.topics";
    public static final String GROUP_ID = "group.id";
    /** Export loops in this worker ({@link LoopThreads}); each has its own batches and senders' share. */
    public static final String THREADS = LoopThreads.KEY;
    public static final String DEFAULT_SERVICE = SharedConfigDef.DEFAULT_SERVICE;
    public static final String POLL_TIMEOUT_MS = "http.poll.timeout.ms";

    public static final String ENDPOINT = "http.endpoint";
    public static final String ALLOW_INSECURE = "http.allow.insecure";
    public static final String TOKEN = "http.token";
    public static final String TOKEN_FILE = "http.token.file";
    public static final String COMPRESSION = "http.compression";
    public static final String ZSTD_LEVEL = "http.zstd.level";
    public static final String GZIP_LEVEL = "http.gzip.level";
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "http.request.timeout.ms";
    public static final String CONCURRENCY = "http.concurrency";

    public static final String BATCH_EVENTS = "http.batch.events";
    public static final String BATCH_BYTES = "http.batch.bytes";
    public static final String BATCH_AGE_MS = "http.batch.age.ms";

    public static final String RETRY_INITIAL_MS = "http.retry.initial.ms";
    public static final String RETRY_MULTIPLIER = "http.retry.multiplier";
    public static final String RETRY_MAX_MS = "http.retry.max.ms";
    public static final String RETRY_MAX_ELAPSED_MS = "http.retry.max.elapsed.ms";
    public static final String RETRY_EXHAUSTED = "http.retry.exhausted";
    public static final String RETRY_AFTER_MAX_MS = "http.retry.after.max.ms";
    public static final String AUTH_RETRY_MS = "http.auth.retry.ms";
    public static final String SHUTDOWN_TIMEOUT_MS = "http.shutdown.timeout.ms";

    /** Prefix of the environment variables read by {@link #fromEnvironment}. */
    public static final String ENV_PREFIX = EnvironmentMapper.PREFIX;

    /** Every setting with its documentation. */
    public static final ConfigDef CONFIG = HttpExportConfigDef.define();

    /** Which keys not defined here reach the Kafka consumer and dead-letter producer. */
    public static final KafkaPassThrough KAFKA_PASS_THROUGH = KafkaPassThrough.clients();

    private static final EnvironmentMapper ENVIRONMENT = new EnvironmentMapper(CONFIG.names(), KAFKA_PASS_THROUGH);

    /** What happens to a batch still failing after {@value #RETRY_MAX_ELAPSED_MS}. */
    public enum Exhausted {
        /** Keep retrying at the largest delay, forever, with health DEGRADED: nothing is ever lost. */
        BLOCK,
        /** Move the batch's events to the dead-letter topic and go on. */
        DLQ
    }

    /** Settings from a map; keys not defined here reach the Kafka clients as {@link #KAFKA_PASS_THROUGH} says. */
    public HttpExportConfig(Map<String, ?> originals) {
        super(CONFIG, originals, false);
        validateEndpoint();
        filter();
    }

    /**
     * Settings from {@code TRIBUTARY_*} environment variables, overridden by {@code overrides}. Only variables of
     * this component's keys and of what the Kafka clients take are read ({@link EnvironmentMapper}); the SDK's
     * {@code TRIBUTARY_SPOOL_DIR}, say, is not.
     *
     * @throws ConfigException when a value is invalid
     */
    public static HttpExportConfig fromEnvironment(Map<String, String> environment, Map<String, ?> overrides) {
        return new HttpExportConfig(ENVIRONMENT.settings(environment, overrides));
    }

    /** The topic names, under the configured prefix. */
    public Topics topicNames() {
        return Topics.withPrefix(getString(TOPIC_PREFIX));
    }

    /** Topics to forward: {@value #TOPICS}, or the sampled events topic when empty. */
    public List<String> topics() {
        List<String> topics = getList(TOPICS);
        return topics.isEmpty() ? List.of(topicNames().sampled()) : List.copyOf(topics);
    }

    /** The endpoint batches are POSTed to. */
    public URI endpoint() {
        return URI.create(getString(ENDPOINT).trim());
    }

    /** Body compression. */
    public Compression compression() {
        return Compression.fromName(getString(COMPRESSION));
    }

    /** The record filter ({@code export.filter.*}, as for files): events it drops are not forwarded. */
    public RecordFilter filter() {
        return FilterSettings.filter(this);
    }

    /** Batch limits. */
    BatchLimits batchLimits() {
        return new BatchLimits(getInt(BATCH_EVENTS), getLong(BATCH_BYTES), Duration.ofMillis(getLong(BATCH_AGE_MS)));
    }

    /** The retry policy. */
    RetryPolicy retryPolicy() {
        return new RetryPolicy(Duration.ofMillis(getLong(RETRY_INITIAL_MS)), getDouble(RETRY_MULTIPLIER),
                Duration.ofMillis(getLong(RETRY_MAX_MS)), Duration.ofMillis(getLong(RETRY_MAX_ELAPSED_MS)),
                Exhausted.valueOf(getString(RETRY_EXHAUSTED).trim().toUpperCase(Locale.ROOT)),
                Duration.ofMillis(getLong(RETRY_AFTER_MAX_MS)), Duration.ofMillis(getLong(AUTH_RETRY_MS)));
    }

    /** Where the bearer token comes from. */
    TokenSource tokenSource() {
        String file = getString(TOKEN_FILE);
        return new TokenSource(getPassword(TOKEN), file == null || file.isBlank() ? null : Path.of(file.trim()));
    }

    /**
     * Settings for the Kafka clients: the original keys not defined here that {@link #KAFKA_PASS_THROUGH} admits
     * ({@code kafka.} stripped), and {@value #BOOTSTRAP_SERVERS}.
     */
    public Map<String, Object> kafkaClientSettings() {
        return KAFKA_PASS_THROUGH.clientSettings(this, CONFIG.names());
    }

    private void validateEndpoint() {
        String raw = getString(ENDPOINT).trim();
        URI uri;
        try {
            uri = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ENDPOINT, raw, "not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigException(ENDPOINT, raw, "expected an absolute https:// URL");
        }
        if (scheme.equals("http") && !getBoolean(ALLOW_INSECURE)) {
            throw new ConfigException(ENDPOINT, raw, "plain http sends the token in clear; use https or set "
                    + ALLOW_INSECURE + "=true");
        }
        if (uri.getUserInfo() != null) {
            throw new ConfigException(ENDPOINT, "[hidden]", "credentials in the URL are not allowed; use "
                    + TOKEN + " or " + TOKEN_FILE);
        }
    }

    /** Reference of every setting (reStructuredText, as Kafka generates its docs). */
    public static String reference() {
        return CONFIG.toRst();
    }

    @Override
    public String toString() {
        // AbstractConfig.toString prints originals(), where a token given as a String is not yet a Password.
        Map<String, Object> shown = new HashMap<>(values());
        return "HttpExportConfig" + shown;
    }
}
