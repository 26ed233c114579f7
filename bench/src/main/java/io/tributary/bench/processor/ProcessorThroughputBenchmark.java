package io.tributary.bench.processor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.processor.ProcessorConfig;
import io.tributary.processor.StreamProcessor;
import io.tributary.schema.Event;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.EventCodecs;
import io.tributary.schema.codec.SampleEvents;
import io.tributary.schema.kafka.EventSerde;
import io.tributary.schema.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * End-to-end throughput of the stream processor against an embedded broker, next to a pass-through Kafka
 * Streams topology (raw → copy) on the same data in the same run, with the same processing guarantee, commit
 * interval and number of stream threads (one per core unless {@code -Dbench.threads} says otherwise).
 *
 * <p>It pre-loads N events (the sample mix of {@link SampleEvents}, re-keyed into sessions of 50 events, with
 * log-normal latencies, Avro single-object encoded) into the raw topic, then runs the pass-through app and then the processor over
 * them, each from the beginning with its own application id, each after an untimed warm-up run over all of them
 * ({@code -Dbench.warmup=N} for fewer) under another id. A shorter warm-up leaves the JIT busy through the
 * timed runs, and on two cores that flatters whichever app runs later. Events/s is measured from the first committed offset to the last, so
 * start-up and rebalancing are left out.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.tributary.bench.processor.ProcessorThroughputBenchmark [events] [partitions]
 * </pre>
 */
public final class ProcessorThroughputBenchmark {
    private static final Topics TOPICS = Topics.withPrefix("bench.");
    /** Stream threads of both apps ({@code -Dbench.threads}, default the number of cores). */
    private static final int THREADS = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());

    private ProcessorThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(1).build()) {
            kafka.start();
            kafka.createTopic(TOPICS.raw(), partitions, (short) 1);
            kafka.createTopic(TOPICS.raw() + ".copy", partitions, (short) 1);
            long loadStart = System.nanoTime();
            preload(kafka.bootstrapServers(), events);
            System.out.printf("pre-loaded %,d events in %.1f s%n", events, (System.nanoTime() - loadStart) / 1e9);

            // Each app first runs untimed over the topic under its own id, to warm the JIT up, as JMH's
            // warm-up iterations would; then the timed run reads everything from the beginning.
            int warmup = Math.min(events, Integer.getInteger("bench.warmup", events));
            measure(kafka.bootstrapServers(), "bench-passthrough-warmup", warmup,
                    () -> passThrough(kafka.bootstrapServers(), "bench-passthrough-warmup"));
            double passThrough = measure(kafka.bootstrapServers(), "bench-passthrough", events,
                    () -> passThrough(kafka.bootstrapServers(), "bench-passthrough"));
            measure(kafka.bootstrapServers(), "bench-processor-warmup", warmup,
                    () -> processor(kafka.bootstrapServers(), "bench-processor-warmup", partitions));
            double processor = measure(kafka.bootstrapServers(), "bench-processor", events,
                    () -> processor(kafka.bootstrapServers(), "bench-processor", partitions));
            System.out.printf("pass-through (raw -> copy): %,.0f events/s%n", passThrough);
            System.out.printf("tributary processor:        %,.0f events/s%n", processor);
            System.out.printf("ratio processor / pass-through: %.2f%n", processor / passThrough);
        }
    }

    private interface Run {
        AutoCloseable start() throws Exception;
    }

    private static AutoCloseable passThrough(String bootstrap, String applicationId) throws Exception {
        KafkaStreams streams = new KafkaStreams(passThroughTopology(), passThroughProps(bootstrap, applicationId));
        streams.start();
        return streams::close;
    }

    private static AutoCloseable processor(String bootstrap, String applicationId, int partitions) throws Exception {
        StreamProcessor p = StreamProcessor.create(processorConfig(bootstrap, applicationId, partitions),
                new SimpleMeterRegistry());
        p.start();
        return p::close;
    }

    private static double measure(String bootstrap, String groupId, int events, Run run) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            AutoCloseable app = run.start();
            long firstAt = 0;
            long firstOffset = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (true) {
                long committed = committed(admin, groupId);
                long now = System.nanoTime();
                if (firstAt == 0 && committed > 0) {
                    firstAt = now;
                    firstOffset = committed;
                }
                if (committed >= events) {
                    app.close();
                    double seconds = (now - firstAt) / 1e9;
                    System.out.printf("%s: %,d events in %.1f s after its first commit%n", groupId,
                            events - firstOffset, seconds);
                    return (events - firstOffset) / seconds;
                }
                if (now > deadline) {
                    app.close();
                    throw new IllegalStateException(groupId + " did not finish; committed " + committed);
                }
                Thread.sleep(50);   // polling interval of the measurement, not synchronisation
            }
        }
    }

    private static long committed(Admin admin, String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(TOPICS.raw()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static void preload(String bootstrap, int count) {
        EventCodecs codecs = EventCodecs.create();
        List<Event> samples = new ArrayList<>();
        for (String line : SampleEvents.lines()) {
            samples.add(codecs.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.withDefaultService("bench")));
        }
        long baseNs = (System.currentTimeMillis() - 600_000) * 1_000_000L;
        var serializer = EventSerde.avro().serializer();
        Map<String, Object> p = new HashMap<>(Map.of("bootstrap.servers", bootstrap));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            Random random = new Random(7);
            for (int i = 0; i < count; i++) {
                Event e = Event.newBuilder(samples.get(i % samples.size())).build();
                // Latencies spread log-normally around 2 ms, as real calls and requests do, rather than the
                // samples' few fixed values: the latency sketches then hold as many bins as in production.
                if (e.getPayload() instanceof io.tributary.schema.Return r) {
                    r.setDtNs(latencyNs(random));
                } else if (e.getPayload() instanceof io.tributary.schema.HttpResponse h) {
                    h.setDtNs(latencyNs(random));
                }
                String session = "bench-" + (i / 50);
                e.setSessionId(e.getType() == io.tributary.schema.EventType.CUSTOM && e.getSessionId() == null
                        ? null : session);
                e.setEventId(UUID.randomUUID().toString());
                e.setTsNs(baseNs + i * 1_000_000L);
                producer.send(new ProducerRecord<>(TOPICS.raw(), session, serializer.serialize(TOPICS.raw(), e)));
            }
            producer.flush();
        }
    }

    private static long latencyNs(Random random) {
        return (long) Math.exp(Math.log(2_000_000) + 1.5 * random.nextGaussian());
    }

    private static org.apache.kafka.streams.Topology passThroughTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(TOPICS.raw(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(TOPICS.raw() + ".copy", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    private static Properties passThroughProps(String bootstrap, String applicationId) throws Exception {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, THREADS);
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-passthrough").toString());
        p.put("consumer.auto.offset.reset", "earliest");
        return p;
    }

    private static ProcessorConfig processorConfig(String bootstrap, String applicationId, int partitions)
            throws Exception {
        Path state = Files.createTempDirectory("bench-processor");
        return new ProcessorConfig(Map.of(
                ProcessorConfig.BOOTSTRAP_SERVERS, bootstrap,
                ProcessorConfig.APPLICATION_ID, applicationId,
                ProcessorConfig.TOPIC_PREFIX, TOPICS.prefix(),
                ProcessorConfig.TOPIC_PARTITIONS, partitions,
                ProcessorConfig.COMMIT_INTERVAL_MS, 100L,
                ProcessorConfig.NUM_STREAM_THREADS, THREADS,
                ProcessorConfig.STATE_DIR, state.toString(),
                "consumer.auto.offset.reset", "earliest"));
    }
}
