package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.schema.Category;
import io.tributary.schema.Priority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code close()} while the sender thread is stuck in its turn past every deadline (here inside Kafka's
 * {@code send}, deaf to interrupts, as a thread blocked on a hung disk would be). Close must return anyway, and
 * must not touch the spool while that thread may still use it; when the thread comes back it finds Kafka closed,
 * and everything it held, and everything left in the buffer, ends up in the spool exactly once.
 */
class CloseWhileSenderStuckTest {
    private static final int STUCK_AT = 100; // the 100th send blocks

    @TempDir
    Path dir;

    /** Kafka that acknowledges every send at once, except that one send blocks until released. */
    static final class Kafka extends MockProducer<String, byte[]> {
        final CountDownLatch stuck = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger sends = new AtomicInteger();

        Kafka() {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (sends.incrementAndGet() == STUCK_AT) {
                stuck.countDown();
                boolean released = false;
                while (!released) {
                    try {
                        release.await();
                        released = true;
                    } catch (InterruptedException e) {
                        // deaf to close()'s interrupt, like a thread in uninterruptible I/O
                    }
                }
            }
            return super.send(record, callback); // after close: IllegalStateException, as KafkaProducer throws
        }
    }

    /** One sender thread: the stuck one does close's work itself when it returns. */
    @Test
    void closeReturnsAndTheStuckSenderSpoolsEverythingOnceItComesBack() throws Exception {
        closeWhileStuck(1, true);
    }

    /** Two: the thread waiting for its turn behind the stuck one does close's work. */
    @Test
    void withTwoSenderThreadsTheOneBehindTheStuckOneSpoolsEverything() throws Exception {
        closeWhileStuck(2, true);
    }

    /** Without a spool, what the stuck thread held and what was left in the buffer are counted CLOSED. */
    @Test
    void withoutASpoolEverythingLeftIsCountedClosed() throws Exception {
        closeWhileStuck(1, false);
    }

    private void closeWhileStuck(int senderThreads, boolean spool) throws Exception {
        Kafka kafka = new Kafka();
        TributaryClientBuilder builder = TributaryClient.builder().bootstrapServers("unused:9092").service("stuck")
                .senderThreads(senderThreads);
        TributaryClient client = (spool ? builder.spoolDir(dir) : builder).build(kafka);
        for (int i = 0; i < 1_000; i++) {
            assertThat(client.track("s" + (i % 7), "e", Category.USAGE, Priority.NORMAL, Map.of("i", i))).isTrue();
        }
        assertThat(kafka.stuck.await(10, TimeUnit.SECONDS)).isTrue();
        List<Thread> senders = senderThreads();

        assertThat(client.close(Duration.ofMillis(100)))
                .as("close cannot know the stuck thread's events are safe").isFalse();
        assertThat(senders).anyMatch(Thread::isAlive);

        kafka.release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> senders.stream().noneMatch(Thread::isAlive));
        int left = 1_000 - (STUCK_AT - 1);
        ClientStats stats = client.stats();
        assertThat(stats.sent()).as(stats.toString()).isEqualTo(STUCK_AT - 1);
        assertThat(stats.pending()).as(stats.toString()).isZero();
        assertThat(stats.spooled()).as(stats.toString()).isEqualTo(spool ? left : 0);
        assertThat(stats.dropped().getOrDefault(DropReason.CLOSED, 0L)).as(stats.toString())
                .isEqualTo(spool ? 0 : left);
        assertThat(stats.droppedTotal()).as(stats.toString()).isEqualTo(spool ? 0 : left);
        assertThat(stats.balanced()).as(stats.toString()).isTrue();
        assertThat(client.close(Duration.ofSeconds(1))).as("a second close answers once the work is done")
                .isEqualTo(spool);
        if (!spool) {
            return;
        }

        // The spool was closed whole: the next start replays exactly those events, once each.
        MockProducer<String, byte[]> next = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        try (TributaryClient restarted = TributaryClient.builder().bootstrapServers("unused:9092").service("stuck")
                .spoolDir(dir).senderThreads(1).build(next)) {
            assertThat(restarted.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(restarted.stats().recovered()).isEqualTo(left);
            assertThat(next.history()).hasSize(left);
        }
        assertThat(kafka.history().stream().map(ProducerRecord::value).toList())
                .as("delivered before the thread got stuck, not replayed again")
                .doesNotContainAnyElementsOf(next.history().stream().map(ProducerRecord::value).toList());
    }

    private static List<Thread> senderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("tributary-sender-stuck-") && !t.getName().endsWith("-probe"))
                .toList();
    }
}
