package io.tributary.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --metrics-bind} option of the long-running commands: the address their metrics and health server
 * listens on. Loopback by default; a container or pod exposes it with {@code 0.0.0.0} so that Prometheus and
 * the orchestrator's probes reach it.
 */
final class MetricsEndpoint {
    @Option(names = "--metrics-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address of /metrics, /health and /ready (default: ${DEFAULT-VALUE}; 0.0.0.0 in a container).")
    String bind = "127.0.0.1";
}
