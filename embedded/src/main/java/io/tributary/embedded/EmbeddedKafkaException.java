package io.tributary.embedded;

/**
 * Thrown when an {@link EmbeddedKafkaCluster} cannot start, stop or create a topic.
 *
 * <p>The message names what failed (the data directory, the node, the port or the topic) so
 * that it can be shown to a user as is; the cause, when there is one, is Kafka's own error.
 * Nothing here is retriable by simply calling again: the cause (an unwritable directory, a port
 * in use, a data directory formatted for another cluster) has to be fixed first.
 */
public class EmbeddedKafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message and no cause.
     *
     * @param message what failed, naming the directory, node or topic concerned
     */
    public EmbeddedKafkaException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying error.
     *
     * @param message what failed, naming the directory, node or topic concerned
     * @param cause   the underlying error, usually thrown by Kafka
     */
    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
