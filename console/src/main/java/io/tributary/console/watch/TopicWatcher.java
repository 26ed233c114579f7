package io.tributary.console.watch;

import io.tributary.schema.Event;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.SessionSummary;
import io.tributary.schema.codec.EventCodecs;
import io.tributary.schema.kafka.AvroRecordSerde;
import io.tributary.schema.kafka.DeadLetterHeaders;
import io.tributary.schema.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Tributary's topics (raw, dead letters, sampled, sessions and every {@code metrics.<size>} topic) with one
 * consumer of its own, committed records only, from {@code history} before the console started, and feeds the
 * models. It belongs to no consumer group and commits nothing. Topics that appear later (a processor started
 * after the console) are picked up within {@value #DISCOVER_MS} ms.
 */
public final class TopicWatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicWatcher.class);
    static final long DISCOVER_MS = 5_000;

    private final Map<String, Object> clientSettings;
    private final Topics topics;
    private final long sinceMs;
    private final Flow flow;
    private final DeadLetters deadLetters;
    private final MetricWindows windows;
    private final Sessions sessions;
    private final LiveTail tail;
    private final SamplingObservations sampling;
    private final Map<TopicPartition, Long> startOffsets = new ConcurrentHashMap<>();
    private final EventCodecs codecs = EventCodecs.create();
    private final Deserializer<MetricWindow> windowReader = AvroRecordSerde.metricWindow().deserializer();
    private final Deserializer<SessionSummary> sessionReader = AvroRecordSerde.sessionSummary().deserializer();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopped;
    private volatile String problem = "";

    public TopicWatcher(Map<String, Object> clientSettings, Topics topics, long sinceMs, Flow flow,
            DeadLetters deadLetters, MetricWindows windows, Sessions sessions, LiveTail tail,
            SamplingObservations sampling) {
        this.clientSettings = clientSettings;
        this.topics = topics;
        this.sinceMs = sinceMs;
        this.flow = flow;
        this.deadLetters = deadLetters;
        this.windows = windows;
        this.sessions = sessions;
        this.tail = tail;
        this.sampling = sampling;
    }

    /** Where reading started in each partition read so far: the first offset at or after the start time. */
    public Map<TopicPartition, Long> startOffsets() {
        return Map.copyOf(startOffsets);
    }

    /** Why reading stopped or fails, or empty. */
    public String problem() {
        return problem;
    }

    @Override
    public void run() {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-console");
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            long discovered = 0;
            while (!stopped) {
                if (System.currentTimeMillis() - discovered >= DISCOVER_MS) {
                    discover(c);
                    discovered = System.currentTimeMillis();
                }
                if (c.assignment().isEmpty()) {
                    waitForTopics();
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    accept(r);
                }
                problem = "";
            }
        } catch (WakeupException e) {
            if (!stopped) {
                throw e;
            }
        } catch (RuntimeException e) {
            problem = "reading the topics failed: " + e;
            LOG.error("console: {}", problem, e);
        }
    }

    /** Stops reading; {@link #run()} returns soon after. */
    public void stop() {
        stopped = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void waitForTopics() {
        try {
            Thread.sleep(200); // nothing assigned yet: the topics do not exist; look again soon
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    private void discover(KafkaConsumer<byte[], byte[]> c) {
        Set<TopicPartition> wanted = new HashSet<>();
        try {
            for (Map.Entry<String, List<PartitionInfo>> t : c.listTopics(Duration.ofSeconds(10)).entrySet()) {
                if (watched(t.getKey())) {
                    t.getValue().forEach(p -> wanted.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            problem = "cannot list topics: " + e.getMessage();
            return;
        }
        Set<TopicPartition> added = new HashSet<>(wanted);
        added.removeAll(c.assignment());
        if (added.isEmpty()) {
            return;
        }
        List<TopicPartition> all = new ArrayList<>(c.assignment());
        all.addAll(added);
        c.assign(all);
        Map<TopicPartition, Long> times = new HashMap<>();
        added.forEach(tp -> times.put(tp, sinceMs));
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(times, Duration.ofSeconds(10));
        Map<TopicPartition, Long> ends = c.endOffsets(added, Duration.ofSeconds(10));
        for (TopicPartition tp : added) {
            OffsetAndTimestamp at = found.get(tp);
            long start = at != null ? at.offset() : ends.get(tp);
            c.seek(tp, start);
            startOffsets.put(tp, start);
        }
    }

    private boolean watched(String topic) {
        return topic.equals(topics.raw()) || topic.equals(topics.dlq()) || topic.equals(topics.sampled())
                || topic.equals(topics.sessions()) || topic.startsWith(topics.prefix() + "metrics.");
    }

    private void accept(ConsumerRecord<byte[], byte[]> r) {
        String topic = r.topic();
        if (topic.equals(topics.raw())) {
            flow.add(Flow.Stage.RAW, r.timestamp(), 1);
        } else if (topic.equals(topics.dlq())) {
            deadLetters.add(r);
            boolean fromProcessor = topics.raw().equals(sourceTopic(r));
            flow.add(fromProcessor ? Flow.Stage.DLQ : Flow.Stage.DLQ_EXPORT, r.timestamp(), 1);
        } else if (topic.equals(topics.sampled())) {
            flow.add(Flow.Stage.KEPT, r.timestamp(), 1);
            sampled(r);
        } else if (topic.equals(topics.sessions())) {
            sessions.add(sessionReader.deserialize(topic, r.value()));
        } else {
            windows.add(windowReader.deserialize(topic, r.value()));
        }
    }

    private void sampled(ConsumerRecord<byte[], byte[]> r) {
        Event event;
        try {
            event = codecs.avro().decode(r.value());
        } catch (RuntimeException e) {
            LOG.warn("console: cannot decode {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
            return;
        }
        sampling.kept(event.getType(), event.getTsNs() / 1_000_000);
        tail.add(r.timestamp(), r.partition(), r.offset(), event.getType().name(), event.getService(),
                event.getSessionId(), new String(codecs.json().encode(event), StandardCharsets.UTF_8));
    }

    private static String sourceTopic(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC);
        return h == null || h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
