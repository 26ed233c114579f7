package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.runtime.service.Health;
import io.tributary.runtime.service.Service;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceGroupTest {
    private final List<String> events = new ArrayList<>();

    /** A service whose health the test sets. */
    private class FakeService implements Service {
        final String name;
        volatile Health health;

        FakeService(String name) {
            this.name = name;
            this.health = Health.down(name + " not started");
        }

        @Override
        public void start() {
            events.add("start " + name);
            health = Health.up();
        }

        @Override
        public Health health() {
            return health;
        }

        @Override
        public boolean close(Duration timeout) {
            events.add("close " + name);
            return true;
        }
    }

    @Test
    void startsInOrderClosesInReverseAndReportsTheWorstHealth() {
        ServiceGroup group = new ServiceGroup();
        assertThat(group.health()).isEqualTo(Health.down("starting"));
        FakeService processor = group.add(new FakeService("processor"));
        FakeService exporter = group.add(new FakeService("exporter"));
        assertThat(group.health()).isEqualTo(Health.down("processor not started; exporter not started"));

        group.start();
        assertThat(group.health()).isEqualTo(Health.up());
        exporter.health = Health.degraded("file export: a partition cannot write");
        assertThat(group.health()).isEqualTo(Health.degraded("file export: a partition cannot write"));
        processor.health = Health.down("processor ERROR");
        assertThat(group.health()).isEqualTo(Health.down("processor ERROR; file export: a partition cannot write"));

        group.close();
        assertThat(events).containsExactly("start processor", "start exporter", "close exporter", "close processor");
    }

    @Test
    void everyServiceIsClosedEvenWhenOneFailsToClose() {
        ServiceGroup group = new ServiceGroup();
        group.add(new FakeService("first"));
        group.add(new FakeService("second") {
            @Override
            public boolean close(Duration timeout) {
                throw new IllegalStateException("stuck");
            }
        });
        assertThatThrownBy(group::close).hasMessage("stuck");
        assertThat(events).containsExactly("close first");
    }

    @Test
    void theHealthAndReadyEndpointsAnswerFromTheGroup() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket()) {
            free.bind(new InetSocketAddress("127.0.0.1", 0));
            port = free.getLocalPort();
        }
        ServiceGroup group = new ServiceGroup();
        FakeService exporter = group.add(new FakeService("exporter"));
        try (MetricsServer server = new MetricsServer("127.0.0.1", port, group)) {
            assertThat(get(port, "/health")).isEqualTo("503 DOWN exporter not started\n");
            assertThat(get(port, "/ready")).isEqualTo("503 DOWN exporter not started\n");
            group.start();
            assertThat(get(port, "/health")).isEqualTo("200 UP\n");
            assertThat(get(port, "/ready")).isEqualTo("200 UP\n");
            // Degraded is alive (liveness passes) but not ready.
            exporter.health = Health.degraded("file export: a partition cannot write");
            assertThat(get(port, "/health")).isEqualTo("200 DEGRADED file export: a partition cannot write\n");
            assertThat(get(port, "/ready")).isEqualTo("503 DEGRADED file export: a partition cannot write\n");
            exporter.health = Health.down("file export stopped: boom");
            assertThat(get(port, "/health")).isEqualTo("503 DOWN file export stopped: boom\n");
        }
    }

    private static String get(int port, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                .openConnection();
        try {
            int status = c.getResponseCode();
            try (InputStream in = status == 200 ? c.getInputStream() : c.getErrorStream()) {
                return status + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            c.disconnect();
        }
    }
}
