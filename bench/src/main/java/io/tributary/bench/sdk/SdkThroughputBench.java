package io.tributary.bench.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.schema.Call;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.ExceptionEvent;
import io.tributary.schema.HttpRequest;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Return;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.JsonEventCodec;
import io.tributary.schema.codec.SampleEvents;
import io.tributary.sdk.BackpressurePolicy;
import io.tributary.sdk.ClientStats;
import io.tributary.sdk.TributaryClient;
import io.tributary.sdk.TributaryClientBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * End-to-end events/s from the SDK into an embedded broker, against two peers with the same producer settings in
 * the same run: Kafka's own {@code ProducerPerformance} sending the same events pre-serialized (their JSON lines,
 * from a payload file; the ceiling, target SDK/ProducerPerformance &gt;= 0.8), and the hand-written producer a team
 * would write without the SDK ({@link HandWrittenProducer}: Jackson on the caller's thread and a plain
 * {@code KafkaProducer}; target SDK/hand-written &gt;= 1.5).
 *
 * <p>Both first run twice untimed at full size ({@code -Dbench.warmups}), then the measured rounds alternate
 * ({@code -Dbench.rounds}, default 3) and the median ratio is printed. With a shorter warm-up the JIT compiler
 * threads take a third of the two cores through the first timed runs; that held ProducerPerformance back
 * more than the SDK and flattered the ratio. {@code -Dbench.senderThreads=N} sets the client's sender threads (default: the builder's).
 *
 * <pre>java -cp bench/target/benchmarks.jar io.tributary.bench.sdk.SdkThroughputBench [events, default 1000000]</pre>
 */
public final class SdkThroughputBench {
    private static final Pattern RATE = Pattern.compile("([0-9.]+) records/sec");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    /** The SDK's producer settings (see {@code TributaryClientBuilder}), given to both peers. */
    private static final Map<String, Object> PRODUCER_SETTINGS = Map.of("acks", "all", "enable.idempotence", "true",
            "compression.type", "zstd", "linger.ms", "20", "batch.size", "131072");

    private SdkThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(1).build()) {
            kafka.start();
            kafka.createTopic("pp.events.raw", 4, (short) 1);
            kafka.createTopic("sdk.events.raw", 4, (short) 1);
            kafka.createTopic("hand.events.raw", 4, (short) 1);
            List<Consumer<TributaryClient>> mix = mix();

            // Warm-up: both run at full size until the JIT has settled (on two cores the compiler threads
            // otherwise take a third of the CPU through the first runs), then measured rounds alternate.
            int warmups = Integer.getInteger("bench.warmups", 2);
            int rounds = Integer.getInteger("bench.rounds", 3);
            for (int i = 0; i < warmups; i++) {
                producerPerformance(kafka.bootstrapServers(), events);
                handWritten(kafka.bootstrapServers(), events);
                sdk(kafka.bootstrapServers(), events, mix);
            }
            double[] ceiling = new double[rounds];
            double[] byHand = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                double peer = producerPerformance(kafka.bootstrapServers(), events);
                double hand = handWritten(kafka.bootstrapServers(), events);
                double ours = sdk(kafka.bootstrapServers(), events, mix);
                ceiling[i] = ours / peer;
                byHand[i] = ours / hand;
                System.out.printf("round %d: events=%d ProducerPerformance=%.0f events/s hand-written=%.0f events/s "
                        + "SDK=%.0f events/s SDK/ProducerPerformance=%.2f (target >= 0.8) SDK/hand-written=%.2f "
                        + "(target >= 1.5)%n", i + 1, events, peer, hand, ours, ceiling[i], byHand[i]);
            }
            Arrays.sort(ceiling);
            Arrays.sort(byHand);
            System.out.printf("median over %d rounds: SDK/ProducerPerformance=%.2f SDK/hand-written=%.2f%n", rounds,
                    ceiling[rounds / 2], byHand[rounds / 2]);
        }
    }

    private static double handWritten(String bootstrap, int events) throws IOException {
        return HandWrittenProducer.run(bootstrap, "hand.events.raw", events, PRODUCER_SETTINGS);
    }

    private static double sdk(String bootstrap, int events, List<Consumer<TributaryClient>> mix) {
        TributaryClientBuilder builder = TributaryClient.builder();
        Integer senderThreads = Integer.getInteger("bench.senderThreads");
        if (senderThreads != null) {
            builder.senderThreads(senderThreads);
        }
        try (TributaryClient client = builder.bootstrapServers(bootstrap).service("bench")
                .topicPrefix("sdk.").maxBufferEvents(100_000).maxBufferBytes(64L << 20)
                .backpressure(BackpressurePolicy.block(Duration.ofSeconds(30))).build()) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                mix.get(i % mix.size()).accept(client);
            }
            if (!client.flush(Duration.ofMinutes(5))) {
                throw new IllegalStateException("SDK did not deliver within 5 minutes: " + client.stats());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ClientStats stats = client.stats();
            if (stats.sent() != events) {
                throw new IllegalStateException("SDK sent " + stats.sent() + " of " + events + ": " + stats);
            }
            return events / seconds;
        }
    }

    private static double producerPerformance(String bootstrap, int events) throws IOException {
        Path payloads = Files.createTempFile("payloads", ".jsonl");
        Files.write(payloads, SampleEvents.lines(), StandardCharsets.UTF_8);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            Stream<String> args = Stream.of("--topic", "pp.events.raw", "--num-records", String.valueOf(events),
                    "--throughput", "-1", "--payload-file", payloads.toString(), "--producer-props",
                    "bootstrap.servers=" + bootstrap);
            ProducerPerformance.main(Stream.concat(args, PRODUCER_SETTINGS.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())).toArray(String[]::new));
        } catch (Exception e) {
            throw new IllegalStateException("ProducerPerformance failed", e);
        } finally {
            System.setOut(original);
            Files.deleteIfExists(payloads);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        String[] lines = output.strip().split("\\R");
        Matcher m = RATE.matcher(lines[lines.length - 1]);
        if (!m.find()) {
            throw new IllegalStateException("no rate in ProducerPerformance output: " + output);
        }
        return Double.parseDouble(m.group(1));
    }

    /** The sample events as SDK calls, in file order. */
    static List<Consumer<TributaryClient>> mix() {
        JsonEventCodec json = JsonEventCodec.create();
        return SampleEvents.lines().stream().map(line -> {
            Event e = json.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults());
            String session = e.getSessionId();
            Object p = e.getPayload();
            Consumer<TributaryClient> call;
            if (p instanceof Call c) {
                Map<String, Object> args = parse(c.getArgsPreview());
                call = client -> client.onCall(session, c.getFunc(), c.getModule(), c.getFile(),
                        c.getLine() == null ? 0 : c.getLine(), args);
            } else if (p instanceof Return r) {
                Map<String, Object> locals = parse(r.getLocalsPreview());
                call = client -> client.onReturn(session, r.getFunc(), r.getDtNs(), locals);
            } else if (p instanceof HttpRequest h) {
                call = client -> client.httpRequest(session, h.getMethod(), h.getUrl(), Map.of("content-type",
                        "application/json"), h.getBytesOut() == null ? -1 : h.getBytesOut());
            } else if (p instanceof HttpResponse h) {
                call = client -> client.httpResponse(session, h.getStatus(), h.getDtNs(), Map.of("content-type",
                        "application/json"), h.getBytesIn() == null ? -1 : h.getBytesIn(), h.getError());
            } else if (p instanceof ExceptionEvent x) {
                call = client -> client.onException(session, x.getFunc(), x.getTypeName(), x.getMessage());
            } else if (p instanceof Custom c) {
                Map<String, Object> data = parse(c.getData());
                call = client -> client.track(session, c.getName(), e.getCategory(), e.getPriority(), data);
            } else {
                call = client -> client.track(session, "session_start", e.getCategory(), e.getPriority(), Map.of());
            }
            return call;
        }).toList();
    }

    private static Map<String, Object> parse(String jsonText) {
        try {
            return jsonText == null ? null : MAPPER.readValue(jsonText, MAP);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
