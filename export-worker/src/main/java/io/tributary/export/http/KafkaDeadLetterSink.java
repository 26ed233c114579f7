package io.tributary.export.http;

import io.tributary.export.core.ExportIoException;
import io.tributary.schema.kafka.DeadLetterHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;

/**
 * Writes rejected records, key, value and headers unchanged, to the dead-letter topic, adding the
 * {@link DeadLetterHeaders} and {@value #HTTP_STATUS} (the rejecting status). Synchronous: {@link #send}
 * returns once the broker acknowledged every record, so the caller may commit their offsets. Thread-safe.
 */
final class KafkaDeadLetterSink implements DeadLetterSink {
    /** Header with the HTTP status that rejected the record, when one did. */
    static final String HTTP_STATUS = "tributary.http.status";

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    KafkaDeadLetterSink(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public void send(List<BatchRecord> records, String errorClass, String reason, String message, int httpStatus)
            throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            for (BatchRecord r : records) {
                ConsumerRecord<byte[], byte[]> source = r.source();
                Headers headers = DeadLetterHeaders.stamp(source.headers(), errorClass, reason, message,
                        source.topic(), source.partition(), source.offset());
                if (httpStatus > 0) {
                    DeadLetterHeaders.set(headers, HTTP_STATUS, Integer.toString(httpStatus));
                }
                acks.add(producer.send(new ProducerRecord<>(topic, null, source.key(), source.value(), headers)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (ExecutionException e) {
            throw new ExportIoException("dead-letter topic " + topic + " did not acknowledge: " + e.getCause(),
                    e.getCause());
        } catch (KafkaException e) {
            throw new ExportIoException("dead-letter topic " + topic + " unavailable: " + e, e);
        }
    }


    @Override
    public void close() {
        producer.close();
    }
}
