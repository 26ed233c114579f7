package io.tributary.sdk;

import io.tributary.runtime.config.EnvironmentMapper;
import io.tributary.runtime.config.KafkaPassThrough;
import io.tributary.schema.kafka.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Builds a {@link TributaryClient}. Setters check their argument at once and throw
 * {@link IllegalArgumentException} naming the offending value; values read by {@link #env(Map)} are checked
 * there too, and a bad one fails {@link #build()} with a message naming the variable and the value.
 *
 * <p>Environment variables (all optional except the bootstrap servers):
 * <table>
 * <caption>Settings</caption>
 * <tr><th>variable</th><th>builder method</th><th>default</th></tr>
 * <tr><td>TRIBUTARY_BOOTSTRAP_SERVERS</td><td>{@link #bootstrapServers}</td><td>required</td></tr>
 * <tr><td>TRIBUTARY_SERVICE</td><td>{@link #service}</td><td>{@code unknown}</td></tr>
 * <tr><td>TRIBUTARY_TOPIC_PREFIX</td><td>{@link #topicPrefix}</td><td>{@code tributary.}</td></tr>
 * <tr><td>TRIBUTARY_SAMPLE_RATE</td><td>{@link #sampleRate}</td><td>1.0</td></tr>
 * <tr><td>TRIBUTARY_MAX_BUFFER_EVENTS</td><td>{@link #maxBufferEvents}</td><td>10000</td></tr>
 * <tr><td>TRIBUTARY_MAX_BUFFER_BYTES</td><td>{@link #maxBufferBytes}</td><td>8 MiB</td></tr>
 * <tr><td>TRIBUTARY_MAX_STR</td><td>{@link #maxStringLength}</td><td>1000</td></tr>
 * <tr><td>TRIBUTARY_MAX_ATTRS</td><td>{@link #maxAttrs}</td><td>50</td></tr>
 * <tr><td>TRIBUTARY_MAX_EVENT_BYTES</td><td>{@link #maxEventBytes}</td><td>512 KiB</td></tr>
 * <tr><td>TRIBUTARY_SPOOL_DIR</td><td>{@link #spoolDir}</td><td>none (no spool)</td></tr>
 * <tr><td>TRIBUTARY_SPOOL_MAX_BYTES</td><td>{@link #spoolMaxBytes}</td><td>256 MiB</td></tr>
 * <tr><td>TRIBUTARY_KAFKA_&lt;KEY&gt;</td><td>{@link #kafkaProperty}</td><td>e.g. TRIBUTARY_KAFKA_SECURITY_PROTOCOL sets
 *     {@code security.protocol}</td></tr>
 * </table>
 *
 * <p>Kafka producer defaults, suited to telemetry (each can be overridden with {@link #kafkaProperty}):
 * {@code acks=all}, {@code enable.idempotence=true} (no duplicates from producer retries),
 * {@code compression.type=zstd}, {@code linger.ms=20} and {@code batch.size=131072} (large, well-compressed
 * batches at a small latency cost), {@code max.block.ms=2000} (only the client's own thread ever waits on
 * it), {@code delivery.timeout.ms=120000}.
 */
public final class TributaryClientBuilder {
    /** The setter of each key read from the environment ({@code TRIBUTARY_MAX_STR} is {@code max.str}). */
    private static final Map<String, BiConsumer<TributaryClientBuilder, String>> ENV_SETTERS = envSetters();
    /**
     * The shared mapper: these keys, and {@code TRIBUTARY_KAFKA_<KEY>} (any producer setting); other
     * {@code TRIBUTARY_} variables belong to other components.
     */
    private static final EnvironmentMapper ENVIRONMENT = new EnvironmentMapper(ENV_SETTERS.keySet(),
            KafkaPassThrough.explicitOnly());

    private String bootstrapServers;
    private String service = "unknown";
    private String topicPrefix = Topics.DEFAULT_PREFIX;
    private double sampleRate = 1.0;
    private long maxBufferEvents = 10_000;
    private long maxBufferBytes = 8L * 1024 * 1024;
    private BackpressurePolicy backpressure = BackpressurePolicy.dropNewest();
    private int maxStringLength = 1000;
    private int maxAttrs = 50;
    private int maxEventBytes = 512 * 1024;
    private Path spoolDir;
    private long spoolMaxBytes = 256L * 1024 * 1024;
    private long spoolSegmentBytes = 16L * 1024 * 1024;
    private Duration probeInterval = Duration.ofSeconds(1);
    private long maxInFlight = 50_000;
    private int senderThreads = Runtime.getRuntime().availableProcessors() > 2 ? 2 : 1;
    private final Map<String, Object> kafka = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private final List<String> envErrors = new ArrayList<>();

    TributaryClientBuilder() {
    }

    /** Kafka bootstrap servers, e.g. {@code localhost:9092}. Required. */
    public TributaryClientBuilder bootstrapServers(String servers) {
        this.bootstrapServers = requireText("bootstrapServers", servers);
        return this;
    }

    /** Name of this service, stamped on every event. Default {@code unknown}. */
    public TributaryClientBuilder service(String service) {
        this.service = requireText("service", service);
        return this;
    }

    /** Prefix of topic names; events go to {@code <prefix>events.raw}. Default {@code tributary.}. */
    public TributaryClientBuilder topicPrefix(String prefix) {
        this.topicPrefix = Objects.requireNonNull(prefix, "topicPrefix");
        return this;
    }

    /**
     * Share of sessions kept at source, in [0, 1]; default 1.0. The decision is per session id (consistent
     * with the stream processor), so a session is kept or dropped whole. Exceptions and events of high or
     * critical priority are always kept.
     */
    public TributaryClientBuilder sampleRate(double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("sampleRate must be in [0, 1], got " + rate);
        }
        this.sampleRate = rate;
        return this;
    }

    /** Most events waiting in memory. Default 10,000. */
    public TributaryClientBuilder maxBufferEvents(long events) {
        this.maxBufferEvents = positive("maxBufferEvents", events);
        return this;
    }

    /** Most estimated bytes waiting in memory. Default 8 MiB. */
    public TributaryClientBuilder maxBufferBytes(long bytes) {
        this.maxBufferBytes = positive("maxBufferBytes", bytes);
        return this;
    }

    /** What happens to a new event when the buffer is full. Default {@link BackpressurePolicy#dropNewest()}. */
    public TributaryClientBuilder backpressure(BackpressurePolicy policy) {
        this.backpressure = Objects.requireNonNull(policy, "backpressure");
        return this;
    }

    /** Longest string kept in any field, in chars; longer ones are cut and counted. Default 1000. */
    public TributaryClientBuilder maxStringLength(int chars) {
        this.maxStringLength = (int) positive("maxStringLength", chars);
        return this;
    }

    /** Most attributes, and most entries in argument and local previews. Default 50. */
    public TributaryClientBuilder maxAttrs(int attrs) {
        this.maxAttrs = (int) positive("maxAttrs", attrs);
        return this;
    }

    /**
     * Largest encoded event in bytes. A larger one loses its previews and bodies; if still too large it is
     * dropped as {@link DropReason#TOO_LARGE}. Default 512 KiB.
     */
    public TributaryClientBuilder maxEventBytes(int bytes) {
        this.maxEventBytes = (int) positive("maxEventBytes", bytes);
        return this;
    }

    /** Directory of the disk spool that keeps events through a broker outage. Default: no spool. */
    public TributaryClientBuilder spoolDir(Path dir) {
        this.spoolDir = dir;
        return this;
    }

    /** Most bytes the spool holds; beyond it the oldest segment is deleted and counted. Default 256 MiB. */
    public TributaryClientBuilder spoolMaxBytes(long bytes) {
        this.spoolMaxBytes = positive("spoolMaxBytes", bytes);
        return this;
    }

    /** Size at which a spool segment file is closed and a new one started. Default 16 MiB. */
    public TributaryClientBuilder spoolSegmentBytes(long bytes) {
        this.spoolSegmentBytes = positive("spoolSegmentBytes", bytes);
        return this;
    }

    /**
     * Daemon threads that encode and send events. They hand events to Kafka in buffer order, so sessions stay
     * ordered with any number; a second thread lets encoding overlap Kafka's compression of the batches,
     * which pays when the machine has cores to spare. Default 2 with more than two processors, else 1 (on
     * two cores, measured, the service, Kafka's network thread and one sender already use both).
     *
     * @throws IllegalArgumentException if threads is not between 1 and 16
     */
    public TributaryClientBuilder senderThreads(int threads) {
        if (threads < 1 || threads > 16) {
            throw new IllegalArgumentException("senderThreads must be between 1 and 16, got " + threads);
        }
        this.senderThreads = threads;
        return this;
    }

    /**
     * How often the client checks whether an unreachable broker is back. Default 1 s. Each check asks the cluster
     * to describe the topic, through an admin client the client creates at its first outage (with the producer's
     * settings, less the producer's own, and the client id {@code <client.id>-probe}) and closes with itself.
     */
    public TributaryClientBuilder probeInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("probeInterval must be positive, got " + interval);
        }
        this.probeInterval = interval;
        return this;
    }

    /** Any Kafka producer setting, passed through and applied after the defaults. */
    public TributaryClientBuilder kafkaProperty(String key, Object value) {
        kafka.put(requireText("kafka property key", key), Objects.requireNonNull(value, key));
        return this;
    }

    /** The clock that stamps event times. Default: the system UTC clock. */
    public TributaryClientBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Reads the {@code TRIBUTARY_*} variables of the given environment (pass {@code System.getenv()}).
     * Values set here override earlier builder calls; later calls override these.
     */
    public TributaryClientBuilder env(Map<String, String> env) {
        for (EnvironmentMapper.Variable variable : ENVIRONMENT.variables(env)) {
            if (variable.key().startsWith(KafkaPassThrough.EXPLICIT_PREFIX)) {
                kafka.put(variable.key().substring(KafkaPassThrough.EXPLICIT_PREFIX.length()), variable.value());
            } else {
                try {
                    ENV_SETTERS.get(variable.key()).accept(this, variable.value().strip());
                } catch (RuntimeException e) {
                    envErrors.add(variable.name() + "='" + variable.value() + "' is invalid: " + e.getMessage());
                }
            }
        }
        return this;
    }

    private static Map<String, BiConsumer<TributaryClientBuilder, String>> envSetters() {
        Map<String, BiConsumer<TributaryClientBuilder, String>> setters = new LinkedHashMap<>();
        setters.put("bootstrap.servers", TributaryClientBuilder::bootstrapServers);
        setters.put("service", TributaryClientBuilder::service);
        setters.put("topic.prefix", TributaryClientBuilder::topicPrefix);
        setters.put("sample.rate", (b, v) -> b.sampleRate(Double.parseDouble(v)));
        setters.put("max.buffer.events", (b, v) -> b.maxBufferEvents(Long.parseLong(v)));
        setters.put("max.buffer.bytes", (b, v) -> b.maxBufferBytes(Long.parseLong(v)));
        setters.put("max.str", (b, v) -> b.maxStringLength(Integer.parseInt(v)));
        setters.put("max.attrs", (b, v) -> b.maxAttrs(Integer.parseInt(v)));
        setters.put("max.event.bytes", (b, v) -> b.maxEventBytes(Integer.parseInt(v)));
        setters.put("spool.dir", (b, v) -> b.spoolDir(Path.of(v)));
        setters.put("spool.max.bytes", (b, v) -> b.spoolMaxBytes(Long.parseLong(v)));
        return Map.copyOf(setters);
    }

    /**
     * Creates the client and starts its sender thread. Connecting to Kafka happens in the background: an
     * unreachable broker does not fail this call.
     *
     * @throws TributaryConfigException naming the setting when a value is invalid or required and missing
     */
    public TributaryClient build() {
        return build(null);
    }

    /** Caps events handed to Kafka and not yet acknowledged (default 50 000); for tests. */
    TributaryClientBuilder maxInFlight(long events) {
        this.maxInFlight = positive("maxInFlight", events);
        return this;
    }

    /** {@link #build()} with the given Kafka producer (null: one created from the settings); for tests. */
    TributaryClient build(org.apache.kafka.clients.producer.Producer<String, byte[]> producer) {
        if (!envErrors.isEmpty()) {
            throw new TributaryConfigException(String.join("; ", envErrors));
        }
        if (bootstrapServers == null) {
            throw new TributaryConfigException(
                    "bootstrap servers are required: call bootstrapServers(...) or set TRIBUTARY_BOOTSTRAP_SERVERS");
        }
        ClientConfig config = new ClientConfig(bootstrapServers, service, topicPrefix, sampleRate, maxBufferEvents,
                maxBufferBytes, backpressure, maxStringLength, maxAttrs, maxEventBytes, spoolDir, spoolMaxBytes,
                spoolSegmentBytes, probeInterval, maxInFlight, senderThreads, Map.copyOf(kafka), clock);
        return new TributaryClient(config, producer);
    }

    private static String requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, got '" + value + "'");
        }
        return value;
    }

    private static long positive(String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
        return value;
    }
}
