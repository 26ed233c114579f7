package io.tributary.embedded;

/**
 * The identity and loopback ports of one combined broker+controller node. Ports are chosen once
 * per cluster so that a restarted node listens where its clients and peers expect it.
 *
 * @param nodeId         the Kafka {@code node.id}, also the node's index in the cluster
 * @param brokerPort     the port of the client-facing {@code PLAINTEXT} listener
 * @param controllerPort the port of the {@code CONTROLLER} listener used by the KRaft quorum
 */
record NodeEndpoint(int nodeId, int brokerPort, int controllerPort) {

    /** Host every listener binds to and advertises. */
    static final String HOST = "127.0.0.1";

    String brokerAddress() {
        return HOST + ":" + brokerPort;
    }

    /** This node's entry in {@code controller.quorum.voters}: {@code id@host:port}. */
    String voter() {
        return nodeId + "@" + HOST + ":" + controllerPort;
    }
}
