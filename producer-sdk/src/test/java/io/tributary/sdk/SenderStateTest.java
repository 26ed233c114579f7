package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.schema.Category;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.Priority;
import io.tributary.schema.codec.AvroEventCodec;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher's states as a client goes through an outage, driven step by step on the test's thread (the
 * sender's threads are never started): each step takes a batch from the buffer with a ticket, encodes it and
 * hands it to the dispatcher, as an encode thread does.
 */
class SenderStateTest {
    @TempDir
    Path dir;

    private final Counters counters = new Counters();
    private final EventBuffer buffer = new EventBuffer(10_000, 1L << 30, BackpressurePolicy.dropNewest(), counters);
    private final MockProducer<String, byte[]> kafka = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final AvroEventCodec codec = AvroEventCodec.create();
    private final AtomicBoolean spoolUnreadable = new AtomicBoolean();
    private final AtomicInteger probes = new AtomicInteger();
    private DiskSpool spool;
    private Sender sender;
    private int tracked;

    @AfterEach
    void closeSender() throws IOException {
        if (sender != null && sender.state() != DispatchState.CLOSED) {
            sender.stop(System.nanoTime());
            sender.close(() -> { });
        }
        if (spool != null) {
            spool.close();
        }
    }

    @Test
    void anOutageIsSpooledThenReplayedBeforeNewEvents() throws IOException {
        start();
        assertThat(sender.state()).isEqualTo(DispatchState.CONNECTED);
        step(10);
        assertThat(kafka.history()).hasSize(10);
        assertThat(sender.state()).isEqualTo(DispatchState.CONNECTED);

        kafka.sendException = new TimeoutException("Topic not present in metadata after 2000 ms.");
        step(10); // the first send finds Kafka gone: this batch and what follows go to the spool
        assertThat(sender.state()).isEqualTo(DispatchState.OUTAGE);
        step(10);
        assertThat(counters.spooled.sum()).isEqualTo(20);
        assertThat(sender.available()).isFalse();

        kafka.sendException = null; // the probe (every step past its interval) finds Kafka back
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            step(0);
            return sender.state() == DispatchState.CONNECTED;
        });
        step(10);
        assertThat(sender.idle()).isTrue();
        assertThat(probes.get()).isPositive();
        assertThat(seqs()).as("spooled events replayed before newer ones").isSorted().hasSize(40);
        assertBalanced(40);

        assertThat(sender.close(() -> { })).isTrue();
        assertThat(sender.state()).isEqualTo(DispatchState.CLOSED);
    }

    @Test
    void aSpoolThatCannotBeReadIsBypassedThenReplayedWhenItReadsAgain() throws IOException {
        start();
        kafka.sendException = new TimeoutException("Topic not present in metadata after 2000 ms.");
        step(10);
        step(0);
        assertThat(sender.state()).isEqualTo(DispatchState.OUTAGE);
        assertThat(counters.spooled.sum()).isEqualTo(10);

        spoolUnreadable.set(true);
        kafka.sendException = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            step(0);
            return sender.state() == DispatchState.SPOOL_UNREADABLE;
        });
        step(5); // new events do not wait for a spool that cannot be read
        assertThat(seqs()).containsExactly(10, 11, 12, 13, 14);
        assertThat(sender.state()).isEqualTo(DispatchState.SPOOL_UNREADABLE);

        spoolUnreadable.set(false);
        step(0); // the retry reads it: replayed, then drained
        assertThat(sender.state()).isEqualTo(DispatchState.CONNECTED);
        assertThat(seqs()).hasSize(15).endsWith(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertBalanced(15);
    }

    @Test
    void closeIsACommandThatLeavesTheDispatcherClosed() throws IOException {
        start();
        for (int i = 0; i < 3; i++) {
            track();
        }
        sender.stop(System.nanoTime());
        assertThat(sender.close(() -> { })).isTrue();
        assertThat(sender.state()).isEqualTo(DispatchState.CLOSED);
        assertThat(counters.spooled.sum()).as("what was left in the buffer is spooled").isEqualTo(3);
        step(0);
        assertThat(sender.state()).isEqualTo(DispatchState.CLOSED);
        assertThat(kafka.history()).isEmpty();
    }

    private void start() throws IOException {
        spool = new DiskSpool(dir, 1 << 20, 1 << 20, counters, file -> {
            if (spoolUnreadable.get()) {
                throw new FileSystemException(file.toString(), null, "Too many open files");
            }
            return new FileInputStream(file.toFile());
        });
        KafkaProbe probe = () -> {
            probes.incrementAndGet();
            if (kafka.sendException != null) {
                throw kafka.sendException;
            }
        };
        sender = new Sender(buffer, kafka, "t.events.raw", this::finisher, probe, spool, counters,
                Duration.ofMillis(1), 50_000, 1, Thread::new);
    }

    private EventFinisher finisher() {
        return new EventFinisher(codec, 1000, 50, 512 * 1024);
    }

    /** Tracks {@code count} events, then takes them (or none) through one ticket, as an encode thread does. */
    private void step(int count) {
        for (int i = 0; i < count; i++) {
            track();
        }
        List<PendingEvent> batch = new ArrayList<>();
        Sender.Claim claim = sender.claim(batch);
        EventFinisher finisher = finisher();
        int kept = 0;
        for (PendingEvent event : batch) {
            assertThat(Encoder.finish(finisher, event, counters)).isTrue();
            batch.set(kept++, event);
        }
        sender.dispatch(claim.ticket(), new Dispatcher.Deliver(batch, kept, claim.room()));
    }

    private void track() {
        Event event = new Event("", EventType.CUSTOM, Category.USAGE, Priority.NORMAL, 1L, "state", "s", null, null,
                null, new Custom("e", null), 1.0);
        assertThat(buffer.offer(new PendingEvent(event, Map.of("seq", tracked++), 64))).isTrue();
    }

    /** The sequence numbers of the events Kafka took, in the order it took them. */
    private List<Integer> seqs() {
        List<Integer> seqs = new ArrayList<>();
        for (ProducerRecord<String, byte[]> record : kafka.history()) {
            Custom custom = (Custom) codec.decode(record.value()).getPayload();
            seqs.add(Integer.parseInt(custom.getData().replaceAll("\\D", "")));
        }
        return seqs;
    }

    private void assertBalanced(long sent) {
        ClientStats stats = counters.snapshot(buffer.depth(), buffer.bytes(), spool.recovered());
        assertThat(stats.sent()).as(stats.toString()).isEqualTo(sent);
        assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
        assertThat(stats.spooled()).as(stats.toString()).isZero();
    }
}
