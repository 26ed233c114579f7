package io.tributary.bench.sdk;

import io.tributary.schema.Category;
import io.tributary.schema.Priority;
import io.tributary.sdk.TributaryClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of {@code track()} handing an event to the client's buffer: the caller's whole cost, since encoding
 * and sending happen on the client's own thread.
 *
 * <p>The client points at a closed port, so the sender never drains the buffer and every call takes the
 * accept path (not the cheaper drop path): the buffer is sized to hold every call of one iteration, and a new
 * client is made per iteration.
 *
 * <p>Because nothing drains, every event of an iteration stays reachable until the iteration ends, which a
 * running client never does (the sender drains within milliseconds, so events die young). A collection
 * inside an iteration would then copy gigabytes of live events and measure that instead of {@code track()}
 * (iterations swung between 1 and 16 M ops/s). So the young generation holds a whole iteration, the heap is
 * touched before the run (no page faults mid-iteration), and each iteration starts after a full collection
 * that frees the previous client's events. Allocation itself is still measured ({@code -prof gc} shows B/op).
 *
 * <p>Run with 1 and 4 threads, in throughput and sample-time (percentile) modes:
 * <pre>
 * java -jar bench/target/benchmarks.jar TrackBenchmark -t 1 -bm thrpt
 * java -jar bench/target/benchmarks.jar TrackBenchmark -t 4 -bm thrpt
 * java -jar bench/target/benchmarks.jar TrackBenchmark -t 1 -bm sample
 * </pre>
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms12g", "-Xmx12g", "-Xmn10g", "-XX:+UseParallelGC", "-XX:+AlwaysPreTouch"})
public class TrackBenchmark {
    private static final Map<String, Object> PROPERTIES = Map.of("plan", "pro", "seats", 3);
    private TributaryClient client;

    @Setup(Level.Iteration)
    public void open() {
        client = TributaryClient.builder()
                .bootstrapServers("127.0.0.1:1")
                .service("bench")
                .maxBufferEvents(30_000_000)
                .maxBufferBytes(64L << 30)
                .kafkaProperty("max.block.ms", 60_000)
                .build();
    }

    @TearDown(Level.Iteration)
    public void close() {
        client.close(Duration.ZERO);
        client = null;
        System.gc(); // outside the measurement: the next iteration starts with an empty young generation
    }

    @Benchmark
    public boolean track() {
        return client.track("sess_6513270e269e0d37", "feature_used", Category.USAGE, Priority.NORMAL, PROPERTIES);
    }
}
