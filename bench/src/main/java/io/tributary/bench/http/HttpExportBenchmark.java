package io.tributary.bench.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.http.HttpExportConfig;
import io.tributary.export.http.HttpExportWorker;
import io.tributary.schema.Event;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.EventCodecs;
import io.tributary.schema.codec.SampleEvents;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end throughput of the HTTP export worker: one embedded broker, a topic pre-loaded with the realistic
 * event mix ({@link SampleEvents}, Avro single-object encoded as on {@code events.sampled}, unique ids), and a
 * loopback receiver that accepts every request (counting events from the {@code X-Tributary-Events} header,
 * bodies read but not decompressed). Prints events/s from the worker's group join to the last accepted event, for
 * each of 3 rounds ({@code -Dbench.rounds}; each a new group reading the topic from its start, the first one also
 * warming the JIT up) and their median. {@code -Dbench.gzip.level} sets {@code http.gzip.level} (default: the
 * worker's).
 *
 * <pre>
 * ./mvnw -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar io.tributary.bench.http.HttpExportBenchmark [events] [partitions] [compression]
 * </pre>
 */
public final class HttpExportBenchmark {
    private HttpExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String compression = args.length > 2 ? args[2] : "gzip";
        String topic = "bench-http.events.sampled";
        AtomicLong received = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong bodyBytes = new AtomicLong();
        ExecutorService receiverThreads = Executors.newFixedThreadPool(4);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(receiverThreads);
        server.createContext("/ingest", exchange -> accept(exchange, received, requests, bodyBytes));
        server.start();
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(1).build()) {
            kafka.start();
            kafka.createTopic(topic, partitions, (short) 1);
            kafka.createTopic("bench-http.events.dlq", 1, (short) 1);
            long rawJsonBytes = preload(kafka.bootstrapServers(), topic, events);

            int rounds = Integer.getInteger("bench.rounds", 3);
            System.out.printf(Locale.ROOT, "events                  %,d in %d partitions, %s%n", events, partitions,
                    compression);
            List<Double> rates = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                received.set(0);
                requests.set(0);
                bodyBytes.set(0);
                Map<String, Object> settings = new HashMap<>();
                settings.put(HttpExportConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
                settings.put(HttpExportConfig.TOPIC_PREFIX, "bench-http.");
                // A new group per round reads the topic from its start again.
                settings.put(HttpExportConfig.GROUP_ID, "bench-http-" + round);
                settings.put(HttpExportConfig.ENDPOINT, "http://127.0.0.1:" + server.getAddress().getPort()
                        + "/ingest");
                settings.put(HttpExportConfig.ALLOW_INSECURE, "true");
                settings.put(HttpExportConfig.TOKEN, "bench-token");
                settings.put(HttpExportConfig.COMPRESSION, compression);
                String gzipLevel = System.getProperty("bench.gzip.level");
                if (gzipLevel != null) {
                    settings.put(HttpExportConfig.GZIP_LEVEL, gzipLevel);
                }
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                try (HttpExportWorker worker = HttpExportWorker.create(new HttpExportConfig(settings), registry)) {
                    worker.start();
                    waitUntil(() -> registry.get("tributary.export.partitions.assigned").tag("exporter", "http")
                            .gauge().value() > 0);
                    long start = System.nanoTime();
                    waitUntil(() -> received.get() >= events);
                    rates.add(events / ((System.nanoTime() - start) / 1e9));
                }
                System.out.printf(Locale.ROOT, "round %d                 %,.0f events/s%n", round,
                        rates.get(rates.size() - 1));
            }
            List<Double> sorted = rates.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "HTTP export worker      %,.0f events/s median of %d rounds (target >= "
                    + "200,000)%n", sorted.get(sorted.size() / 2), rounds);
            System.out.printf(Locale.ROOT, "requests                %,d (%,.0f events each)%n", requests.get(),
                    (double) received.get() / requests.get());
            System.out.printf(Locale.ROOT, "bodies                  %,d bytes = %.1f%% of %,d raw JSON bytes%n",
                    bodyBytes.get(), 100.0 * bodyBytes.get() / rawJsonBytes, rawJsonBytes);
        } finally {
            server.stop(0);
            receiverThreads.shutdownNow();
        }
    }

    private static void accept(HttpExchange exchange, AtomicLong received, AtomicLong requests, AtomicLong bytes)
            throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            bytes.addAndGet(in.readAllBytes().length);
        }
        requests.incrementAndGet();
        received.addAndGet(Long.parseLong(exchange.getRequestHeaders().getFirst("X-Tributary-Events")));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    /** Produces the events; returns the size of the same events as JSON lines. */
    private static long preload(String bootstrap, String topic, int count) {
        EventCodecs codecs = EventCodecs.create();
        List<Event> mix = new ArrayList<>();
        for (String line : SampleEvents.lines()) {
            mix.add(codecs.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults()));
        }
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("linger.ms", 20);
        props.put("batch.size", 512 * 1024);
        long rawBytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                Event base = mix.get(i % mix.size());
                Event e = Event.newBuilder(base).setEventId(String.format("%08x-0000-4000-8000-%012x", i, i)).build();
                rawBytes += codecs.json().encode(e).length + 1;
                // keyed by event id so that the few sessions of the mix still spread over every partition
                producer.send(new ProducerRecord<>(topic, e.getEventId().getBytes(StandardCharsets.UTF_8),
                        codecs.avro().encode(e)));
            }
            producer.flush();
        }
        return rawBytes;
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    private static void waitUntil(Condition condition) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (!condition.met()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark did not finish within 10 minutes");
            }
            Thread.sleep(5);
        }
    }
}
