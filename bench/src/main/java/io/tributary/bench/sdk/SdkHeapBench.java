package io.tributary.bench.sdk;

import io.tributary.sdk.ClientStats;
import io.tributary.sdk.TributaryClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The SDK's heap with its buffer full, at the builder's defaults (10,000 events or 8 MiB, drop-newest, no spool):
 * Kafka is unreachable (a closed port), so the sample events (the same mix as {@link SdkThroughputBench}) pile up
 * until the buffer refuses them. Prints the live heap the client holds then (after full collections, minus the
 * live heap before it was built) and per event held.
 *
 * <pre>
 * ./mvnw -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar io.tributary.bench.sdk.SdkHeapBench [events offered]
 * </pre>
 */
public final class SdkHeapBench {
    private SdkHeapBench() {
    }

    public static void main(String[] args) throws Exception {
        int offered = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        List<Consumer<TributaryClient>> mix = SdkThroughputBench.mix();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long before = liveHeap();
        long held;
        ClientStats stats;
        long empty;
        try (TributaryClient client = TributaryClient.builder().bootstrapServers("127.0.0.1:" + closedPort)
                .service("bench").build()) {
            empty = liveHeap() - before;
            for (int i = 0; i < offered; i++) {
                mix.get(i % mix.size()).accept(client);
            }
            held = liveHeap() - before;
            stats = client.stats();
            client.close(Duration.ofSeconds(1));
        }
        long waiting = stats.pending();
        System.out.printf(Locale.ROOT, "offered                 %,d events to a client whose Kafka is unreachable%n",
                offered);
        System.out.printf(Locale.ROOT, "client                  %s%n", stats);
        System.out.printf(Locale.ROOT, "heap of the client      %,d KB built and empty, %,d KB holding %,d events "
                + "(%,d bytes per event held)%n", empty / 1024, held / 1024, waiting,
                waiting == 0 ? 0 : (held - empty) / waiting);
    }

    /** Heap in use after full collections: what is reachable. */
    private static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
