package io.tributary.cli;

import io.tributary.sdk.ClientStats;
import io.tributary.sdk.TributaryClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary produce}: demo load through the SDK. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send realistic demo sessions through the SDK to <prefix>events.raw.")
final class ProduceCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--rate", defaultValue = "1000", description = "Events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--count", defaultValue = "10000", description = "Events to send, about; 0 sends until Ctrl-C (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--service", defaultValue = "demo-shop", description = "Service name on the events (default: ${DEFAULT-VALUE}).")
    String service;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (rate <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be positive, got " + rate);
        }
        if (count < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count must not be negative, got " + count);
        }
        try (TributaryClient client = kafka.sdkClient(spec.commandLine(), service).build()) {
            DemoLoad load = new DemoLoad(client, rate, count);
            Thread loader = new Thread(load, "tributary-demo-load");
            loader.start();
            Runtime.getRuntime().addShutdownHook(new Thread(load::stop));
            try {
                loader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.flush(Duration.ofSeconds(30));
            ClientStats stats = client.stats();
            spec.commandLine().getOut().printf("sent %d events (%d dropped, %d pending)%n", stats.sent(),
                    stats.droppedTotal(), stats.pending());
            return stats.sent() == stats.received() - stats.sampledOut() ? 0 : 1;
        }
    }
}
