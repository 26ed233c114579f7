package io.tributary.cli;

import io.tributary.embedded.EmbeddedKafkaCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import picocli.CommandLine;

/** Starts the embedded Kafka broker of {@code tributary broker} and {@code tributary dev}. */
final class LocalBroker {
    private LocalBroker() {
    }

    /**
     * Starts an embedded broker of {@code nodes} nodes on 127.0.0.1, node i on {@code port + i}, keeping its data
     * in {@code dataDir}.
     *
     * @throws CommandLine.ParameterException naming the port when a port is out of range or in use
     */
    static EmbeddedKafkaCluster start(CommandLine commandLine, Path dataDir, int port, int nodes) {
        if (port < 1 || port + nodes - 1 > 65_535) {
            throw new CommandLine.ParameterException(commandLine, "--port " + port + " (with --nodes " + nodes
                    + "): ports must lie between 1 and 65535");
        }
        for (int p = port; p < port + nodes; p++) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", p));
            } catch (IOException e) {
                throw new CommandLine.ParameterException(commandLine, "--port " + port + ": 127.0.0.1:" + p
                        + " is in use (another Kafka, or a tributary still running?); stop it or choose another --port");
            }
        }
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(nodes).dataDir(dataDir).brokerPort(port).build();
        kafka.start();
        return kafka;
    }
}
