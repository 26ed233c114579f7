package io.tributary.export.http;

import io.tributary.export.core.DecodeFailure;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One consumed record on its way out: its NDJSON line (without the newline), or, when it could not be
 * decoded, why; records without a value carry neither and are only passed over.
 */
record BatchRecord(ConsumerRecord<byte[], byte[]> source, byte[] line, DecodeFailure failure) {

    static BatchRecord event(ConsumerRecord<byte[], byte[]> source, byte[] line) {
        return new BatchRecord(source, line, null);
    }

    static BatchRecord undecodable(ConsumerRecord<byte[], byte[]> source, DecodeFailure failure) {
        return new BatchRecord(source, null, failure);
    }

    static BatchRecord empty(ConsumerRecord<byte[], byte[]> source) {
        return new BatchRecord(source, null, null);
    }

    long offset() {
        return source.offset();
    }

    boolean isEvent() {
        return line != null;
    }

    /** Bytes this record adds to an uncompressed body: the line and its newline. */
    long bodyBytes() {
        return line == null ? 0 : line.length + 1L;
    }
}
