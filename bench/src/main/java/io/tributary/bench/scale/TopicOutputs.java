package io.tributary.bench.scale;

import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.Priority;
import io.tributary.schema.SessionSummary;
import io.tributary.schema.codec.AvroEventCodec;
import io.tributary.schema.kafka.AvroRecordSerde;
import io.tributary.schema.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Everything the run reads back from Kafka with read_committed consumers: the raw SDK events (to know their ids
 * and which ones sampling must keep), the sampled event ids, the DLQ values, the session summaries and the metric
 * windows.
 */
final class TopicOutputs implements AutoCloseable {
    /** What the checks need of a raw SDK event. */
    record RawEvent(EventType type, int status, Priority priority) {
        boolean alwaysKept() {
            return type == EventType.EXCEPTION || (type == EventType.HTTP_RESPONSE && status >= 500)
                    || priority == Priority.HIGH || priority == Priority.CRITICAL;
        }
    }

    /** A metric window and its record key. */
    record KeyedWindow(String key, MetricWindow window) {
    }

    private final AvroEventCodec avro = AvroEventCodec.create();
    private final Deserializer<MetricWindow> metricDeserializer = AvroRecordSerde.metricWindow().deserializer();
    private final Deserializer<SessionSummary> sessionDeserializer = AvroRecordSerde.sessionSummary().deserializer();
    private final Map<String, RawEvent> raw = new ConcurrentHashMap<>();
    private final AtomicLong rawDuplicates = new AtomicLong();
    private final AtomicLong rawOther = new AtomicLong();
    private final List<String> sampledIds = new ArrayList<>();
    private final List<String> dlqValues = new ArrayList<>();
    private final List<SessionSummary> sessions = new ArrayList<>();
    private final List<KeyedWindow> metrics = new ArrayList<>();
    private final AtomicLong metricCount = new AtomicLong();
    private final Object lock = new Object();
    private final TopicCollector rawCollector;
    private final TopicCollector sampledCollector;
    private final List<TopicCollector> collectors = new ArrayList<>();

    TopicOutputs(String bootstrap, Topics topics) {
        rawCollector = new TopicCollector(bootstrap, topics.raw(), r -> {
            if (!AvroEventCodec.looksLikeAvro(r.value())) {
                rawOther.incrementAndGet();
                return;
            }
            Event e = avro.decode(r.value());
            int status = e.getPayload() instanceof HttpResponse h ? h.getStatus() : 0;
            if (raw.put(e.getEventId(), new RawEvent(e.getType(), status, e.getPriority())) != null) {
                rawDuplicates.incrementAndGet();
            }
        });
        sampledCollector = new TopicCollector(bootstrap, topics.sampled(), r -> {
            String id = avro.decode(r.value()).getEventId();
            synchronized (lock) {
                sampledIds.add(id);
            }
        });
        collectors.add(rawCollector);
        collectors.add(sampledCollector);
        collectors.add(new TopicCollector(bootstrap, topics.dlq(), r -> {
            synchronized (lock) {
                dlqValues.add(new String(r.value(), StandardCharsets.UTF_8));
            }
        }));
        collectors.add(new TopicCollector(bootstrap, topics.sessions(), r -> {
            SessionSummary s = sessionDeserializer.deserialize(r.topic(), r.value());
            synchronized (lock) {
                sessions.add(s);
            }
        }));
        collectors.add(new TopicCollector(bootstrap, topics.metrics(ScaleOutSettings.WINDOW), r -> {
            MetricWindow w = metricDeserializer.deserialize(r.topic(), r.value());
            synchronized (lock) {
                metrics.add(new KeyedWindow(new String(r.key(), StandardCharsets.UTF_8), w));
            }
            metricCount.addAndGet(w.getCount());
        }));
    }

    /** True when every topic has been read to its end at an instant after {@code nanoTime}. */
    boolean allCaughtUpSince(long nanoTime) {
        return collectors.stream().allMatch(c -> c.caughtUpSince(nanoTime));
    }

    TopicCollector sampledCollector() {
        return sampledCollector;
    }

    Map<String, RawEvent> raw() {
        return Map.copyOf(raw);
    }

    long rawDuplicates() {
        return rawDuplicates.get();
    }

    long rawOther() {
        return rawOther.get();
    }

    long metricCountSum() {
        return metricCount.get();
    }

    List<String> sampledIds() {
        synchronized (lock) {
            return List.copyOf(sampledIds);
        }
    }

    List<String> dlqValues() {
        synchronized (lock) {
            return List.copyOf(dlqValues);
        }
    }

    List<SessionSummary> sessions() {
        synchronized (lock) {
            return List.copyOf(sessions);
        }
    }

    int sessionCount() {
        synchronized (lock) {
            return sessions.size();
        }
    }

    int dlqCount() {
        synchronized (lock) {
            return dlqValues.size();
        }
    }

    List<KeyedWindow> metrics() {
        synchronized (lock) {
            return List.copyOf(metrics);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (TopicCollector c : collectors) {
            c.close();
        }
    }
}
