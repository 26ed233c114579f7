package io.tributary.export.http;

import java.util.List;

/** Where rejected records go: the dead-letter topic ({@link KafkaDeadLetterSink}). */
interface DeadLetterSink extends AutoCloseable {

    /**
     * Writes {@code records}, unchanged, with headers naming the error and the source, and returns once they
     * are durable.
     *
     * @param httpStatus the status that rejected them, or 0 when no response decided (decoding, retries
     *     exhausted on network errors)
     * @throws io.tributary.RetriableTributaryException when the write failed; the caller retries
     * @throws InterruptedException when interrupted while waiting
     */
    void send(List<BatchRecord> records, String errorClass, String reason, String message, int httpStatus)
            throws InterruptedException;

    @Override
    void close();
}
