package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.schema.Category;
import io.tributary.schema.Priority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the sender routes events between Kafka and a spool that holds a backlog, with Kafka reachable. Kafka is
 * a {@link MockProducer} that completes sends only when told, so each step happens in a known turn: with an
 * in-flight cap of one replay batch, the sender replays one batch and waits; new events wait in the buffer until
 * the test completes one send.
 */
class SenderSpoolTest {
    private static final int CAP = 512; // one replay batch

    @TempDir
    Path dir;

    private final Kafka kafka = new Kafka();

    /**
     * Kafka's producer reports an error it finds before queueing a record (metadata not available in time,
     * buffer memory exhausted) by calling back at once, on the sending thread, and returning a failed future;
     * {@link MockProducer#sendException} throws instead. This one can do either.
     */
    static final class Kafka extends MockProducer<String, byte[]> {
        volatile RuntimeException callBackAtOnce;

        Kafka() {
            super(false, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            RuntimeException e = callBackAtOnce;
            if (e != null) {
                callback.onCompletion(null, e);
                return CompletableFuture.failedFuture(e);
            }
            return super.send(record, callback);
        }
    }

    @Test
    void newEventsAreSentWhenTheSpoolCannotWriteThemWhileKafkaIsUp() throws IOException {
        spoolOld(1_000, 1 << 20);
        try (TributaryClient client = client(256L << 20, 16L << 20)) {
            awaitFirstReplayBatchInFlight(client);
            // The spool's next segment name is taken: appending fails (as on a full disk).
            Files.createFile(dir.resolve(String.format("segment-%020d.spool", 1)));
            trackNew(client, 10);
            kafka.completeNext(); // room for one batch: the new events are delivered while the backlog is unread
            completeAll(client);
            ClientStats stats = client.stats();
            assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
            assertThat(stats.sent()).as(stats.toString()).isEqualTo(1_010);
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
    }

    @Test
    void newEventsDoNotMakeAFullSpoolDeleteItsBacklogWhileKafkaIsUp() throws IOException {
        // 1 000 records of 20 bytes in one segment, in a spool with room for 500 bytes more.
        spoolOld(1_000, 20_500);
        try (TributaryClient client = client(20_500, 20_500)) {
            awaitFirstReplayBatchInFlight(client);
            trackNew(client, 50); // more than 500 bytes
            kafka.completeNext();
            completeAll(client);
            ClientStats stats = client.stats();
            assertThat(stats.dropped().get(DropReason.SPOOL_FULL)).as(stats.toString()).isZero();
            assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
            assertThat(stats.sent()).as(stats.toString()).isEqualTo(1_050);
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
    }

    @Test
    void replayedEventsKafkaDidNotTakeStayAheadOfNewerSpooledOnes() throws IOException {
        replayedEventsKafkaDidNotTakeStayAhead(false);
    }

    @Test
    void replayedEventsKafkaCalledBackAtOnceAsFailedStayAheadOfNewerSpooledOnes() throws IOException {
        replayedEventsKafkaDidNotTakeStayAhead(true);
    }

    private void replayedEventsKafkaDidNotTakeStayAhead(boolean callBack) throws IOException {
        spoolOld(2_000, 1 << 20);
        try (TributaryClient client = client(256L << 20, 16L << 20)) {
            awaitFirstReplayBatchInFlight(client);
            trackNew(client, 10);
            kafka.completeNext();
            // Behind the backlog: appended to the spool's tail.
            await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().spooledTotal() == 10);
            // Kafka's buffer memory is exhausted: the next replay batch fails in send, before Kafka takes it.
            BufferExhaustedException full = new BufferExhaustedException("no buffer memory within max.block.ms");
            if (callBack) {
                kafka.callBackAtOnce = full;
            } else {
                kafka.sendException = full;
            }
            long failedBefore = client.stats().failed();
            kafka.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().failed() > failedBefore);
            kafka.sendException = null;
            kafka.callBackAtOnce = null;
            completeAll(client);
            ClientStats stats = client.stats();
            assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
            assertThat(stats.sent()).as(stats.toString()).isEqualTo(2_010);
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
        List<Integer> old = new ArrayList<>();
        int firstNew = -1;
        List<ProducerRecord<String, byte[]>> sent = kafka.history();
        for (int i = 0; i < sent.size(); i++) {
            String value = new String(sent.get(i).value(), StandardCharsets.ISO_8859_1);
            if (value.startsWith("old-")) {
                assertThat(firstNew).as("old event after a new one, at %d", i).isEqualTo(-1);
                old.add(Integer.parseInt(value.substring(4)));
            } else if (firstNew < 0) {
                firstNew = i;
            }
        }
        assertThat(old).hasSize(2_000).isSorted();
        assertThat(firstNew).isEqualTo(2_000);
    }

    /** Leaves {@code count} events in the spool directory, as an earlier process would. */
    private void spoolOld(int count, long maxBytes) throws IOException {
        List<PendingEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PendingEvent event = new PendingEvent(null, null, 8);
            event.key = "s" + (i % 5);
            event.value = String.format("old-%04d", i).getBytes(StandardCharsets.ISO_8859_1);
            events.add(event);
        }
        try (DiskSpool spool = new DiskSpool(dir, maxBytes, maxBytes, new Counters())) {
            spool.append(events);
        }
    }

    private TributaryClient client(long spoolMaxBytes, long segmentBytes) {
        return TributaryClient.builder().bootstrapServers("unused:9092").service("sender").spoolDir(dir)
                .spoolMaxBytes(spoolMaxBytes).spoolSegmentBytes(segmentBytes).senderThreads(1)
                .probeInterval(Duration.ofMillis(20)).maxInFlight(CAP).build(kafka);
    }

    private void awaitFirstReplayBatchInFlight(TributaryClient client) {
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.history().size() == CAP
                && client.stats().inFlight() == CAP);
    }

    /** Tracks events that wait in the buffer: the sender takes none while at its in-flight cap. */
    private static void trackNew(TributaryClient client, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(client.track("s" + (i % 5), "new", Category.USAGE, Priority.NORMAL, Map.of("i", i))).isTrue();
        }
        assertThat(client.stats().queueDepth()).isEqualTo(count);
        assertThat(client.stats().inFlight()).isEqualTo(CAP);
    }

    /** Acknowledges every send until the client is idle with an empty spool. */
    private void completeAll(TributaryClient client) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            kafka.flush();
            return client.flush(Duration.ZERO) && client.stats().spooled() == 0 && client.stats().inFlight() == 0;
        });
    }
}
