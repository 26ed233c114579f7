package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that cannot reach Kafka probe it through an admin client of their own; closing them ends every thread
 * they started, the admin client's included. Nothing listens on the bootstrap address.
 */
class ProbeThreadsTest {
    @TempDir
    Path dir;

    @Test
    void clientsProbingAnUnreachableKafkaLeaveNoThreadBehindWhenClosed() {
        assertThat(clientThreads()).isEmpty();
        List<TributaryClient> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TributaryClient client = TributaryClient.builder().bootstrapServers("127.0.0.1:1").service("probing")
                    .spoolDir(dir.resolve("spool-" + i)).probeInterval(Duration.ofMillis(50))
                    .kafkaProperty("max.block.ms", 200).build();
            client.track("offline", Map.of("i", i));
            clients.add(client);
        }
        // Each client's first send times out, and its probe starts an admin client (named after the producer).
        await().atMost(Duration.ofSeconds(30)).until(() -> adminThreads().size() >= clients.size());
        for (TributaryClient client : clients) {
            assertThat(client.close(Duration.ofSeconds(5))).isTrue(); // the event is spooled
            assertThat(client.stats().spooled()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> clientThreads().isEmpty());
    }

    private static Set<String> adminThreads() {
        return clientThreads().stream().filter(name -> name.startsWith("kafka-admin-client-thread"))
                .collect(Collectors.toSet());
    }

    /** Threads of this test's clients: their names carry the service name ("tributary-probing-N" client ids). */
    private static Set<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains("tributary-sender-probing-") || name.contains("tributary-probing-"))
                .collect(Collectors.toSet());
    }
}
