package io.tributary.export.file;

import io.tributary.export.core.FilterSettings;
import io.tributary.export.core.LoopThreads;
import io.tributary.export.core.RecordFilter;
import io.tributary.export.format.Compression;
import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.FormatOptions;
import io.tributary.export.storage.s3.S3Settings;
import io.tributary.export.storage.s3.S3Storage;
import io.tributary.runtime.config.EnvironmentMapper;
import io.tributary.runtime.config.KafkaPassThrough;
import io.tributary.runtime.config.SharedConfigDef;
import io.tributary.schema.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the {@link FileExportWorker}, in Kafka's {@link ConfigDef} style: {@link #CONFIG} documents every
 * key, its type, default and validator; {@code bootstrap.servers}, {@code topic.prefix} and
 * {@code default.service} come from {@link SharedConfigDef}. A key not defined here reaches the Kafka consumer and
 * dead-letter producer when they know it (e.g. {@code security.protocol}, {@code sasl.jaas.config},
 * {@code max.poll.records}) or when it is written {@code kafka.<key>}; see {@link KafkaPassThrough}.
 *
 * <p>Environment variables map onto the same keys ({@link EnvironmentMapper}): {@code TRIBUTARY_EXPORT_DIR} is
 * {@code export.dir}, {@code TRIBUTARY_BOOTSTRAP_SERVERS} is {@code bootstrap.servers}; see {@link #fromEnvironment}.
 *
 * <pre>{@code
 * var config = new FileExportConfig(Map.of(
 *         FileExportConfig.BOOTSTRAP_SERVERS, "localhost:9092",
 *         FileExportConfig.EXPORT_DIR, "/data/tributary",
 *         FileExportConfig.FORMAT, "parquet"));
 * }</pre>
 */
public final class FileExportConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = SharedConfigDef.BOOTSTRAP_SERVERS;
    public static final String TOPIC_PREFIX = SharedConfigDef.TOPIC_PREFIX;
    public static final String TOPICS = "export.topics";
    public static final String GROUP_ID = "group.id";
    public static final String EXPORT_DIR = "export.dir";
    public static final String FORMAT = "export.format";
    public static final String COMPRESSION = "export.compression";
    public static final String ZSTD_LEVEL = "export.zstd.level";
    public static final String CSV_ESCAPE_FORMULAS = "export.csv.escape.formulas";
    public static final String ROTATE_EVENTS = "export.rotate.events";
    public static final String ROTATE_BYTES = "export.rotate.bytes";
    public static final String ROTATE_AGE_MS = "export.rotate.age.ms";
    public static final String MAX_OPEN_FILES = "export.max.open.files";
    public static final String PARQUET_ROW_GROUP_BYTES = "export.parquet.row.group.bytes";
    public static final String PATH_FIELDS = "export.path.fields";
    public static final String FILTER_FROM = FilterSettings.FROM;
    public static final String FILTER_TO = FilterSettings.TO;
    public static final String FILTER_CATEGORIES = FilterSettings.CATEGORIES;
    public static final String FILTER_TYPES = FilterSettings.TYPES;
    public static final String FILTER_SESSIONS = FilterSettings.SESSIONS;
    public static final String DEFAULT_SERVICE = SharedConfigDef.DEFAULT_SERVICE;
    public static final String THREADS = LoopThreads.KEY;
    /** Default of {@link #THREADS}: the cores this JVM sees, at most 64. */
    public static final int DEFAULT_THREADS = LoopThreads.DEFAULT;
    public static final String POLL_TIMEOUT_MS = "export.poll.timeout.ms";
    public static final String RETRY_BACKOFF_MS = "export.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "export.retry.backoff.max.ms";
    public static final String STORAGE = "export.storage";
    public static final String S3_BUCKET = "export.s3.bucket";
    public static final String S3_PREFIX = "export.s3.prefix";
    public static final String S3_REGION = "export.s3.region";
    public static final String S3_ENDPOINT = "export.s3.endpoint";
    public static final String S3_PATH_STYLE = "export.s3.path.style";
    public static final String S3_STORAGE_CLASS = "export.s3.storage.class";
    public static final String S3_SSE = "export.s3.sse";
    public static final String S3_SSE_KMS_KEY_ID = "export.s3.sse.kms.key.id";
    public static final String S3_PART_BYTES = "export.s3.part.bytes";
    public static final String S3_PART_POOL_SIZE = "export.s3.part.pool.size";
    public static final String S3_MAX_ATTEMPTS = "export.s3.max.attempts";

    /** Prefix of the environment variables read by {@link #fromEnvironment}. */
    public static final String ENV_PREFIX = EnvironmentMapper.PREFIX;

    /** Every setting with its documentation. */
    public static final ConfigDef CONFIG = FileExportConfigDef.define();

    /** Which keys not defined here reach the Kafka consumer and dead-letter producer. */
    public static final KafkaPassThrough KAFKA_PASS_THROUGH = KafkaPassThrough.clients();

    private static final EnvironmentMapper ENVIRONMENT = new EnvironmentMapper(CONFIG.names(), KAFKA_PASS_THROUGH);

    /** Settings from a map; keys not defined here reach the Kafka clients as {@link #KAFKA_PASS_THROUGH} says. */
    public FileExportConfig(Map<String, ?> originals) {
        super(CONFIG, originals, false);
        validateTimes();
    }

    /**
     * Settings from {@code TRIBUTARY_*} environment variables, overridden by {@code overrides}. Only variables of
     * this component's keys and of what the Kafka clients take are read ({@link EnvironmentMapper}); the SDK's
     * {@code TRIBUTARY_SPOOL_DIR}, say, is not.
     *
     * @throws ConfigException when a value is invalid
     */
    public static FileExportConfig fromEnvironment(Map<String, String> environment, Map<String, ?> overrides) {
        return new FileExportConfig(ENVIRONMENT.settings(environment, overrides));
    }

    /** The topic names, under the configured prefix. */
    public Topics topicNames() {
        return Topics.withPrefix(getString(TOPIC_PREFIX));
    }

    /** Topics to export: {@value #TOPICS}, or the sampled events topic when empty. */
    public List<String> topics() {
        List<String> topics = getList(TOPICS);
        return topics.isEmpty() ? List.of(topicNames().sampled()) : List.copyOf(topics);
    }

    /** The format with its options. */
    public ExportFormat format() {
        FormatOptions options = new FormatOptions(Compression.fromName(getString(COMPRESSION)),
                getInt(ZSTD_LEVEL), getLong(PARQUET_ROW_GROUP_BYTES), getBoolean(CSV_ESCAPE_FORMULAS));
        return ExportFormat.of(getString(FORMAT), options);
    }

    /**
     * The file layout on its storage: the directory {@value #EXPORT_DIR}, or, with {@value #STORAGE}{@code =s3}
     * or an {@code s3://bucket/prefix} {@value #EXPORT_DIR}, an {@link S3Storage} with its own client.
     */
    public ExportLayout layout() {
        List<ExportLayout.PathField> fields = getList(PATH_FIELDS).stream().map(ExportLayout.PathField::fromName)
                .toList();
        Optional<S3Settings> s3 = s3Settings();
        return s3.isPresent() ? new ExportLayout(S3Storage.create(s3.get()), fields)
                : new ExportLayout(Path.of(getString(EXPORT_DIR)), fields);
    }

    /** The S3 settings when the export goes to S3 ({@value #STORAGE}, or an {@code s3://} {@value #EXPORT_DIR}). */
    public Optional<S3Settings> s3Settings() {
        return S3ConfigSupport.settings(this);
    }

    /** The rotation policy. */
    public RotationPolicy rotation() {
        return new RotationPolicy(getLong(ROTATE_EVENTS), getLong(ROTATE_BYTES),
                Duration.ofMillis(getLong(ROTATE_AGE_MS)));
    }

    /** The record filter. */
    public RecordFilter filter() {
        return FilterSettings.filter(this);
    }

    /** The filters in force, by key, as recorded in manifests; empty settings are left out. */
    public Map<String, String> filterDescription() {
        return FilterSettings.describe(this);
    }

    /**
     * Settings for the Kafka clients: the original keys not defined here that {@link #KAFKA_PASS_THROUGH} admits
     * ({@code kafka.} stripped), and {@value #BOOTSTRAP_SERVERS}.
     */
    public Map<String, Object> kafkaClientSettings() {
        return KAFKA_PASS_THROUGH.clientSettings(this, CONFIG.names());
    }

    private void validateTimes() {
        filter();
        try {
            format();
            getList(PATH_FIELDS).forEach(ExportLayout.PathField::fromName);
            s3Settings();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Reference of every setting (reStructuredText, as Kafka generates its docs). */
    public static String reference() {
        return CONFIG.toRst();
    }
}
