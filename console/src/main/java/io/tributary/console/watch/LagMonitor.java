package io.tributary.console.watch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumer lag of Tributary's consumer groups, per partition, in records (the last stable offset minus the
 * committed offset) and in time (now minus the timestamp of the record at the committed offset), with a trend
 * and an estimated time to drain. One {@link #sample()} asks the admin API and reads one record per lagging
 * partition.
 */
public final class LagMonitor implements AutoCloseable {
    /** Samples kept per group for the trend: at one every 2 s, four minutes. */
    static final int TREND = 120;
    /** How far back the drain rate looks. */
    static final long RATE_SPAN_MS = 30_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One partition of a group. */
    public record PartitionLag(String topic, int partition, long committed, long end, long records, Long timeLagMs) {
    }

    /** One point of a group's trend. */
    public record Point(long timeMs, long lag, long committed, long end) {
    }

    /**
     * A group's lag now.
     *
     * @param role what the group is: processor, file exporter, HTTP exporter
     * @param drainSeconds estimated seconds to catch up at the current net rate; 0 when caught up, null when
     *                     the lag is not falling
     */
    public record GroupLag(String role, String group, List<PartitionLag> partitions, long records, Long timeLagMs,
            Double drainSeconds, List<Point> trend) {
    }

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> probe;
    private final Map<String, String> groups;
    private final Map<String, Deque<Point>> trends = new HashMap<>();
    private volatile Map<String, GroupLag> latest = Map.of();
    private volatile String problem = "";

    /** @param groups consumer group id by role, in the order they are shown */
    public LagMonitor(Admin admin, Map<String, Object> clientSettings, Map<String, String> groups) {
        this.admin = admin;
        this.groups = new LinkedHashMap<>(groups);
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-console-lag");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.probe = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The latest lag of every group that has committed offsets, by role. */
    public Map<String, GroupLag> latest() {
        return latest;
    }

    /** Committed offsets of the group with this role, as of the latest sample. */
    public Map<TopicPartition, Long> committed(String role) {
        GroupLag lag = latest.get(role);
        Map<TopicPartition, Long> committed = new HashMap<>();
        if (lag != null) {
            lag.partitions().forEach(p -> committed.put(new TopicPartition(p.topic(), p.partition()), p.committed()));
        }
        return committed;
    }

    /** Why the last sample failed, or empty. */
    public String problem() {
        return problem;
    }

    /** Asks Kafka for the lag of every group now. Called by one thread. */
    public void sample() {
        try {
            Map<String, GroupLag> now = new LinkedHashMap<>();
            for (Map.Entry<String, String> g : groups.entrySet()) {
                GroupLag lag = sample(g.getKey(), g.getValue());
                if (lag != null) {
                    now.put(g.getKey(), lag);
                }
            }
            latest = now;
            problem = "";
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            problem = "cannot read consumer lag: " + e.getMessage();
        }
    }

    private GroupLag sample(String role, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        committed.values().removeIf(java.util.Objects::isNull);
        // Kafka Streams' own repartition and changelog topics are named after the group: not the input a user watches
        committed.keySet().removeIf(tp -> tp.topic().startsWith(group + "-"));
        if (committed.isEmpty()) {
            return null;
        }
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        committed.keySet().forEach(tp -> specs.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long nowMs = System.currentTimeMillis();
        Map<TopicPartition, Long> lagging = new HashMap<>();
        Map<TopicPartition, Long> endOf = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> c : committed.entrySet()) {
            long end = ends.get(c.getKey()).offset();
            endOf.put(c.getKey(), end);
            if (end > c.getValue().offset()) {
                lagging.put(c.getKey(), c.getValue().offset());
            }
        }
        // Offsets past the committed one may be transaction markers only (an exactly-once writer's last commit):
        // those partitions are caught up. The others lag by the offsets up to the end, from their next record on.
        Map<TopicPartition, Long> times = nextRecordTimes(lagging, endOf);
        Map<TopicPartition, PartitionLag> parts = new TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        long total = 0;
        long committedSum = 0;
        long endSum = 0;
        Long groupTime = 0L;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> c : committed.entrySet()) {
            TopicPartition tp = c.getKey();
            long offset = c.getValue().offset();
            long end = endOf.get(tp);
            Long at = times.get(tp);
            boolean behind = lagging.containsKey(tp) && at != null;
            long records = behind ? end - offset : 0;
            Long timeLag;
            if (!behind) {
                timeLag = 0L;
            } else if (at < 0) {
                timeLag = null; // a record is there, but was not read in time: its age is unknown
            } else {
                timeLag = Math.max(0, nowMs - at);
            }
            total += records;
            committedSum += offset;
            endSum += end;
            groupTime = timeLag == null || groupTime == null ? null : Math.max(groupTime, timeLag);
            parts.put(tp, new PartitionLag(tp.topic(), tp.partition(), offset, end, records, timeLag));
        }
        List<Point> trend = trend(group, new Point(nowMs, total, committedSum, endSum));
        return new GroupLag(role, group, new ArrayList<>(parts.values()), total, groupTime, drain(trend), trend);
    }

    /**
     * For each partition from its given offset: the timestamp of the next record, -1 when there is one that was
     * not read in time, and no entry when only transaction markers lie before {@code ends}.
     */
    private Map<TopicPartition, Long> nextRecordTimes(Map<TopicPartition, Long> offsets, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> times = new HashMap<>();
        if (offsets.isEmpty()) {
            return times;
        }
        probe.assign(offsets.keySet());
        offsets.forEach(probe::seek);
        Set<TopicPartition> open = new HashSet<>(offsets.keySet());
        long deadline = System.currentTimeMillis() + 2_000;
        while (!open.isEmpty() && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : probe.poll(Duration.ofMillis(100))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (open.remove(tp)) {
                    times.put(tp, r.timestamp());
                    probe.pause(List.of(tp));
                }
            }
            open.removeIf(tp -> probe.position(tp) >= ends.get(tp));
        }
        open.forEach(tp -> times.put(tp, -1L));
        probe.unsubscribe();
        return times;
    }

    private List<Point> trend(String group, Point point) {
        Deque<Point> points = trends.computeIfAbsent(group, g -> new ArrayDeque<>());
        points.addLast(point);
        if (points.size() > TREND) {
            points.removeFirst();
        }
        return List.copyOf(points);
    }

    /** Seconds to drain at the net rate (consumption minus production) of the last {@link #RATE_SPAN_MS}. */
    static Double drain(List<Point> trend) {
        Point now = trend.get(trend.size() - 1);
        if (now.lag() == 0) {
            return 0.0;
        }
        Point then = null;
        for (Point p : trend) {
            if (now.timeMs() - p.timeMs() <= RATE_SPAN_MS && p != now) {
                then = p;
                break;
            }
        }
        if (then == null) {
            return null;
        }
        double seconds = (now.timeMs() - then.timeMs()) / 1000.0;
        double falling = (then.lag() - now.lag()) / seconds;
        return falling > 0 ? now.lag() / falling : null;
    }

    @Override
    public void close() {
        probe.close(Duration.ofSeconds(5));
    }
}
