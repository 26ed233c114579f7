package io.tributary.cli;

import io.tributary.embedded.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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

    @Override
    public Integer call() throws Exception {
        Shutdown shutdown = Shutdown.onSignal();
        try (EmbeddedKafkaCluster kafka = startBroker(dataDir, port, nodes)) {
            System.out.println("Kafka is listening on " + kafka.bootstrapServers() + " (data in " + dataDir + "). Ctrl-C stops it.");
            shutdown.await();
        } finally {
            shutdown.done();
        }
        return 0;
    }

    static EmbeddedKafkaCluster startBroker(Path dataDir, int port, int nodes) {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(nodes).dataDir(dataDir).brokerPort(port).build();
        kafka.start();
        return kafka;
    }
}
