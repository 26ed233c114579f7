package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.processor.StreamProcessor;
import io.tributary.schema.Category;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.Priority;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.EventCodecs;
import io.tributary.sdk.TributaryClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary sampling set} changes what a running processor keeps, without a restart. */
class SamplingCommandIT {
    @TempDir
    Path state;

    private final EventCodecs codecs = EventCodecs.create();
    private final Map<String, Integer> callsPerBatch = new HashMap<>();
    private final Map<String, Integer> markersPerBatch = new HashMap<>();

    @Test
    void aRuleSetFromTheCliTakesEffectWhileTheProcessorRuns() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().build()) {
            kafka.start();
            KafkaOptions options = new KafkaOptions();
            options.bootstrapServers = kafka.bootstrapServers();
            options.topicPrefix = "tributary.";
            var config = ComponentSettings.processor(options, new picocli.CommandLine(new TributaryCli()),
                    Map.of("state.dir", state.toString(), "topic.partitions", "2", "commit.interval.ms", "200"));
            try (StreamProcessor processor = StreamProcessor.create(config, new SimpleMeterRegistry());
                 TributaryClient client = TributaryClient.builder().bootstrapServers(kafka.bootstrapServers())
                         .service("shop").build();
                 KafkaConsumer<byte[], byte[]> sampled = consumer(kafka.bootstrapServers())) {
                processor.start();
                sampled.subscribe(List.of("tributary.events.sampled"));

                send(client, "before");
                await().atMost(Duration.ofSeconds(60)).until(() -> poll(sampled, "before") && callsPerBatch.getOrDefault("before", 0) == 20);

                assertThat(cli("sampling", "set", "type:call", "--rate", "0", "--bootstrap-servers",
                        kafka.bootstrapServers())).isZero();

                // Keep sending fresh batches until one is fully through the processor: from then on, no calls.
                int[] batch = {0};
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    String name = "after-" + batch[0]++;
                    send(client, name);
                    poll(sampled, name);
                    return markersPerBatch.getOrDefault(name, 0) == 20 && callsPerBatch.getOrDefault(name, 0) == 0;
                });
                StringWriter listed = new StringWriter();
                assertThat(TributaryCli.run(new PrintWriter(listed), new PrintWriter(new StringWriter()), "sampling",
                        "list", "--bootstrap-servers", kafka.bootstrapServers())).isZero();
                assertThat(listed.toString()).contains("type:call").contains("rate=0.0");

                StringWriter deleted = new StringWriter();
                assertThat(TributaryCli.run(new PrintWriter(deleted), new PrintWriter(new StringWriter()), "sampling",
                        "delete", "type:call", "--bootstrap-servers", kafka.bootstrapServers())).isZero();
                assertThat(TributaryCli.run(new PrintWriter(deleted), new PrintWriter(new StringWriter()), "sampling",
                        "delete", "type:call", "--bootstrap-servers", kafka.bootstrapServers())).isZero();
                assertThat(deleted.toString().lines().toList())
                        .containsExactly("deleted type:call", "no rule for type:call (nothing to delete; see "
                                + "'tributary sampling list')");
            }
        }
    }

    /** 20 sessions, each with a marker event (kept by the default rule) and one call. */
    private static void send(TributaryClient client, String batch) {
        for (int i = 0; i < 20; i++) {
            String session = batch + "-s" + i;
            client.track(session, "marker", Category.USAGE, Priority.NORMAL, Map.of("batch", batch));
            client.onCall(session, "work", "app", "App.java", 1, null);
        }
        client.flush(Duration.ofSeconds(10));
    }

    private boolean poll(KafkaConsumer<byte[], byte[]> consumer, String waitingFor) {
        for (int round = 0; round < 10; round++) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Event event = codecs.decode(record.value(), DecodeContext.defaults());
                String batch = event.getSessionId().substring(0, event.getSessionId().lastIndexOf("-s"));
                if (event.getType() == EventType.CALL) {
                    callsPerBatch.merge(batch, 1, Integer::sum);
                } else if (event.getType() == EventType.CUSTOM) {
                    markersPerBatch.merge(batch, 1, Integer::sum);
                }
            }
            if (markersPerBatch.getOrDefault(waitingFor, 0) == 20) {
                return true;
            }
        }
        return false;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static int cli(String... args) {
        return TributaryCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
    }
}
