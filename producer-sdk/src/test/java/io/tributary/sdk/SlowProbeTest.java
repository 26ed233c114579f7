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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While Kafka is gone, asking whether it is back can take up to {@code max.block.ms}. Spooling must go on at
 * disk speed meanwhile: before, the probe ran in the sender's turn, and a service sending more than one batch
 * (512 events) per {@code max.block.ms} overflowed its buffer despite the spool.
 */
class SlowProbeTest {
    @TempDir
    Path dir;

    /** Kafka unreachable: sends fail at once, and a probe waits until the test lets it answer "not yet". */
    static final class KafkaGone extends MockProducer<String, byte[]> {
        final CountDownLatch answer = new CountDownLatch(1);
        final AtomicInteger probes = new AtomicInteger();

        KafkaGone() {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
            sendException = new TimeoutException("Topic not present in metadata after 2000 ms.");
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            probes.incrementAndGet();
            try {
                answer.await();
            } catch (InterruptedException e) {
                throw new InterruptException(e);
            }
            throw new TimeoutException("Topic not present in metadata after 2000 ms.");
        }
    }

    @Test
    void eventsAreSpooledWhileAProbeWaitsForKafka() {
        KafkaGone kafka = new KafkaGone();
        int events = 5_000;
        try (TributaryClient client = TributaryClient.builder().bootstrapServers("unused:9092").service("probe")
                .spoolDir(dir).senderThreads(1).probeInterval(Duration.ofMillis(20)).build(kafka)) {
            for (int i = 0; i < events; i++) {
                assertThat(client.track("s" + (i % 7), "e", Category.USAGE, Priority.NORMAL, Map.of("i", i))).isTrue();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> client.stats().spooledTotal() == events);
            assertThat(kafka.probes.get()).as("probes started").isEqualTo(1);
            assertThat(kafka.answer.getCount()).as("the probe is still waiting").isEqualTo(1);
            assertThat(client.flush(Duration.ofSeconds(5))).isTrue(); // everything is spooled
            ClientStats stats = client.stats();
            assertThat(stats.droppedTotal()).as(stats.toString()).isZero();
            assertThat(stats.balanced()).as(stats.toString()).isTrue();
        }
        // close() interrupted the probe still waiting: no thread of the client is left.
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive() && t.getName().endsWith("-probe"));
    }

    @Test
    void closeFromAnInterruptedThreadStillEndsTheProbeAndKeepsTheFlag() {
        KafkaGone kafka = new KafkaGone();
        TributaryClient client = TributaryClient.builder().bootstrapServers("unused:9092").service("probe")
                .spoolDir(dir).senderThreads(1).probeInterval(Duration.ofMillis(20)).build(kafka);
        assertThat(client.track("s", "e", Category.USAGE, Priority.NORMAL, Map.of())).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.stats().spooledTotal() == 1
                && kafka.probes.get() == 1);

        Thread.currentThread().interrupt(); // an executor shut down with shutdownNow, say
        client.close(Duration.ofSeconds(1));
        assertThat(Thread.interrupted()).as("the caller's interrupt is kept").isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive() && t.getName().endsWith("-probe"));
        ClientStats stats = client.stats();
        assertThat(stats.spooled()).as(stats.toString()).isEqualTo(1);
        assertThat(stats.balanced()).as(stats.toString()).isTrue();
    }
}
