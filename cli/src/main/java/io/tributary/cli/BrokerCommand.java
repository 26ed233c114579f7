package io.tributary.cli;

import io.tributary.embedded.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tributary broker}: a real Kafka broker (KRaft) in this JVM, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run an embedded Kafka broker (KRaft mode) until Ctrl-C. Data survives restarts.")
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "tributary-data/kafka",
            description = "Where the broker keeps its data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "9092", description = "Broker port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--nodes", defaultValue = "1", description = "Number of nodes; node i listens on port+i (default: ${DEFAULT-VALUE}).")
    int nodes;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Shutdown shutdown = Shutdown.onSignal();
        try (EmbeddedKafkaCluster kafka = LocalBroker.start(spec.commandLine(), dataDir, port, nodes)) {
            System.out.println("Kafka is listening on " + kafka.bootstrapServers() + " (data in " + dataDir + "). Ctrl-C stops it.");
            shutdown.await();
        } finally {
            shutdown.done();
        }
        return 0;
    }
}
