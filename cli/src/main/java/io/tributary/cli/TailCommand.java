package io.tributary.cli;

import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.EventCodecs;
import io.tributary.schema.codec.EventDecodeException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary tail}: live events as they arrive. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print events as they arrive (from now on), until Ctrl-C.")
final class TailCommand implements Callable<Integer> {
    enum Format { pretty, json }

    enum Source { raw, sampled, dlq }

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--type", split = ",", paramLabel = "TYPE",
            description = "Only these event types, e.g. call,exception (default: all).")
    List<String> types;

    @Option(names = "--format", defaultValue = "pretty", description = "pretty or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--topic", defaultValue = "sampled", description = "raw, sampled or dlq (default: ${DEFAULT-VALUE}).")
    Source source;

    @Option(names = "--from-beginning", description = "Start at the oldest event instead of now.")
    boolean fromBeginning;

    @Option(names = "--max", defaultValue = "0", description = "Stop after this many events; 0 for no limit.")
    long max;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Set<EventType> wanted = parseTypes();
        String topic = switch (source) {
            case raw -> kafka.topics().raw();
            case sampled -> kafka.topics().sampled();
            case dlq -> kafka.topics().dlq();
        };
        Map<String, Object> settings = kafka.clientSettings(spec.commandLine());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "tributary-tail-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        EventCodecs codecs = EventCodecs.create();
        PrintWriter out = spec.commandLine().getOut();
        spec.commandLine().getErr().println("Tailing " + topic + " on " + settings.get("bootstrap.servers")
                + (fromBeginning ? " from its oldest event" : " from now") + "; Ctrl-C stops.");
        spec.commandLine().getErr().flush();
        long shown = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Thread onCtrlC = new Thread(consumer::wakeup);
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try {
                consumer.subscribe(List.of(topic));
                while (max == 0 || shown < max) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (print(out, codecs, record, wanted) && ++shown == max) {
                            break;
                        }
                    }
                    out.flush();
                }
            } finally {
                removeHook(onCtrlC);
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // Ctrl-C
        }
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down (Ctrl-C): the hook is running or has run
        }
    }

    private boolean print(PrintWriter out, EventCodecs codecs, ConsumerRecord<byte[], byte[]> record, Set<EventType> wanted) {
        Event event;
        try {
            event = codecs.decode(record.value(), DecodeContext.defaults());
        } catch (EventDecodeException e) {
            out.printf("undecodable record at %s-%d@%d: %s%n", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return wanted == null;
        }
        if (wanted != null && !wanted.contains(event.getType())) {
            return false;
        }
        if (format == Format.json) {
            out.println(new String(codecs.json().encode(event), StandardCharsets.UTF_8));
        } else {
            Instant at = Instant.ofEpochSecond(0, event.getTsNs());
            out.printf("%s %-13s %-14s %-22s %s%n", at, event.getType().name().toLowerCase(Locale.ROOT),
                    event.getService(), event.getSessionId() == null ? "-" : event.getSessionId(),
                    PrettyPayload.describe(event));
        }
        return true;
    }

    private Set<EventType> parseTypes() {
        if (types == null || types.isEmpty()) {
            return null;
        }
        Set<EventType> set = EnumSet.noneOf(EventType.class);
        for (String type : types) {
            try {
                set.add(EventType.valueOf(type.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--type: unknown event type '" + type
                        + "' (session_start, call, return, exception, http_request, http_response, custom)");
            }
        }
        return set;
    }
}
