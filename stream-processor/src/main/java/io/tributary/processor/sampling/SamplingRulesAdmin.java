package io.tributary.processor.sampling;

import io.tributary.RetriableTributaryException;
import io.tributary.schema.kafka.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes, lists and deletes sampling rules in the compacted {@code <prefix>sampling.rules} topic, which
 * running processors read as a GlobalKTable: a change applies within moments, without a restart. The CLI's
 * {@code tributary sampling} commands call this.
 *
 * <pre>{@code
 * try (var admin = SamplingRulesAdmin.create(Map.of("bootstrap.servers", "localhost:9092"), Topics.defaults())) {
 *     admin.publish(SamplingRule.forType(EventType.CALL, 0.1, 10, false));
 *     admin.list().forEach((target, rule) -> System.out.println(target + " " + rule.rate()));
 *     admin.delete("type:call");
 * }
 * }</pre>
 *
 * <p>Not thread-safe. Kafka failures surface as {@link RetriableTributaryException} (the broker may be back
 * later); an invalid rule is rejected by {@link SamplingRule}'s constructor before anything is sent.
 */
public final class SamplingRulesAdmin implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> clientConfig;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    private SamplingRulesAdmin(Map<String, Object> clientConfig, String topic) {
        this.clientConfig = clientConfig;
        this.topic = topic;
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * An admin for the rules topic of {@code topics}.
     *
     * @param clientConfig Kafka client settings, at least {@code bootstrap.servers}
     */
    public static SamplingRulesAdmin create(Map<String, ?> clientConfig, Topics topics) {
        Objects.requireNonNull(clientConfig.get("bootstrap.servers"), "bootstrap.servers");
        return new SamplingRulesAdmin(new HashMap<>(clientConfig), topics.samplingRules());
    }

    /** Publishes {@code rule}, replacing any rule with the same target; returns once the broker has it. */
    public void publish(SamplingRule rule) {
        send(rule.target(), SamplingRuleCodec.encode(rule));
    }

    /** Deletes the rule for {@code target} (a tombstone); returns once the broker has it. */
    public void delete(String target) {
        send(Objects.requireNonNull(target, "target"), null);
    }

    /** Every rule currently in the topic, by target, read up to the topic's end. Unparseable values are skipped. */
    public SortedMap<String, SamplingRule> list() {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        SortedMap<String, SamplingRule> rules = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new RetriableTributaryException("timed out reading " + topic);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    apply(rules, r);
                }
            }
        } catch (KafkaException e) {
            throw new RetriableTributaryException("cannot read sampling rules from " + topic + ": " + e, e);
        }
        return rules;
    }

    private static void apply(Map<String, SamplingRule> rules, ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            rules.remove(r.key());
            return;
        }
        try {
            rules.put(r.key(), SamplingRuleCodec.decode(r.key(), r.value()));
        } catch (IllegalArgumentException e) {
            rules.remove(r.key());
        }
    }

    private void send(String target, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, target, value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableTributaryException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new RetriableTributaryException("cannot publish to " + topic + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(TIMEOUT);
    }
}
