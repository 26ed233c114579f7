package io.tributary.processor;

import static io.tributary.processor.TopologyFixture.BASE_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.processor.metrics.MetricsTopology;
import io.tributary.processor.sessions.SessionsTopology;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The partial windows and open sessions are updated on the heap for every event and written to their stores
 * behind, once per commit: each commit must still carry them in the changelog, or a crash after the commit would
 * restore state that lacks events whose input offsets were committed. The test driver commits after every
 * record, like a real task does before each of its commits.
 */
class WriteBehindCommitTest {
    private static final String APP = "ttd";

    @Test
    void everyCommitCarriesTheChangedPartialsAndSessions() {
        try (TopologyFixture f = new TopologyFixture()) {
            TestOutputTopic<byte[], byte[]> partials = f.driver.createOutputTopic(
                    APP + "-" + MetricsTopology.PARTIALS_STORE + "-changelog", new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> sessions = f.driver.createOutputTopic(
                    APP + "-" + SessionsTopology.OPEN_STORE + "-changelog", new StringDeserializer(),
                    new ByteArrayDeserializer());
            Map<String, Long> partialCounts = new HashMap<>();
            long sessionEvents = 0;
            for (int i = 1; i <= 5; i++) {
                f.pipe(List.of(Events.call("svc", "s1", "work", BASE_MS + i)));
                for (TestRecord<byte[], byte[]> r : partials.readRecordsToList()) {
                    partialCounts.put(metricKey(r.key()), r.value() == null ? null : ByteBuffer.wrap(r.value()).getLong());
                }
                for (TestRecord<String, byte[]> r : sessions.readRecordsToList()) {
                    assertThat(r.key()).isEqualTo("s1");
                    sessionEvents = eventCount(r.value());
                }
                // one partial per window size (10s and 1m), each with every event committed so far
                assertThat(partialCounts).containsOnlyKeys("10000|svc|CALL|work", "60000|svc|CALL|work");
                assertThat(partialCounts.values()).containsOnly((long) i);
                assertThat(sessionEvents).isEqualTo(i);
            }
        }
    }

    /** {@code size|metric key} of a partials store key: window end, size, then the metric key. */
    private static String metricKey(byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key);
        b.getLong();
        long size = b.getLong();
        return size + "|" + new String(key, 16, key.length - 17, StandardCharsets.UTF_8);
    }

    /** The event count of an encoded open session (see SessionStateSerde). */
    private static long eventCount(byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        b.get();
        skip(b, b.getInt());
        skip(b, b.getInt());
        skip(b, Math.max(b.getInt(), 0));
        b.getLong();
        b.getLong();
        return b.getLong();
    }

    private static void skip(ByteBuffer b, int length) {
        b.position(b.position() + length);
    }
}
