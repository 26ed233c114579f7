package io.tributary.export.http;

import io.tributary.export.core.DeadLetterPublisher;
import java.util.List;

/**
 * The HTTP sender's dead letters, written by the exporter's one {@link DeadLetterPublisher}: synchronous, so
 * {@link #send} returns once the broker acknowledged every record and the caller may commit their offsets.
 * Thread-safe. Closing it leaves the publisher to its owner.
 */
final class KafkaDeadLetterSink implements DeadLetterSink {
    /** Header with the HTTP status that rejected the record, when one did. */
    static final String HTTP_STATUS = DeadLetterPublisher.HTTP_STATUS;

    private final DeadLetterPublisher publisher;

    KafkaDeadLetterSink(DeadLetterPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void send(List<BatchRecord> records, String errorClass, String reason, String message, int httpStatus)
            throws InterruptedException {
        publisher.sendConfirmed(records.stream().map(BatchRecord::source).toList(), errorClass, reason, message,
                httpStatus);
    }

    @Override
    public void close() {
    }
}
