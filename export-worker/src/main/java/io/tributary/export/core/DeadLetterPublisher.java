package io.tributary.export.core;

import io.tributary.schema.kafka.DeadLetterHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;

/**
 * The one writer of the dead-letter topic: sends records, key, value and headers unchanged, adding
 * {@link DeadLetterHeaders} that name the error and the source coordinates (and {@value #HTTP_STATUS} when an
 * HTTP status rejected them). A dead letter's delivery is always confirmed before its offset is committed:
 * {@link #send} is asynchronous and {@link #ensureDelivered} confirms it before a flush is published;
 * {@link #sendConfirmed} returns once the broker acknowledged. A crash in between can repeat a dead letter
 * (at-least-once for the DLQ). Thread-safe.
 */
public final class DeadLetterPublisher implements AutoCloseable {
    /** Header with the HTTP status that rejected the record, when one did. */
    public static final String HTTP_STATUS = "tributary.http.status";

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Map<TopicPartition, Exception> failures = new ConcurrentHashMap<>();

    /** Publishes to {@code topic} with {@code producer}, which this object closes. */
    public DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Sends one undecodable record with the reason it failed; {@link #ensureDelivered} confirms it. */
    public void send(ConsumerRecord<byte[], byte[]> record, DecodeFailure why) {
        TopicPartition source = new TopicPartition(record.topic(), record.partition());
        producer.send(letter(record, why.errorClass(), why.reason(), why.message(), 0), (meta, e) -> {
            if (e != null) {
                failures.putIfAbsent(source, e);
            }
        });
    }

    /**
     * Waits until every dead letter sent so far is acknowledged.
     *
     * @throws ExportIoException when one from {@code source} could not be delivered
     */
    public void ensureDelivered(TopicPartition source) {
        try {
            producer.flush();
        } catch (KafkaException e) {
            throw new ExportIoException("dead-letter topic " + topic + " unavailable: " + e, e);
        }
        Exception e = failures.remove(source);
        if (e != null) {
            throw new ExportIoException("dead letter to " + topic + " not delivered: " + e, e);
        }
    }

    /**
     * Sends {@code records} and returns once the broker acknowledged every one.
     *
     * @param httpStatus the status that rejected them, or 0 when no response decided
     * @throws ExportIoException when the write failed (retriable: the caller tries again)
     * @throws InterruptedException when interrupted while waiting
     */
    public void sendConfirmed(List<ConsumerRecord<byte[], byte[]>> records, String errorClass, String reason,
            String message, int httpStatus) throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                acks.add(producer.send(letter(r, errorClass, reason, message, httpStatus)));
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

    private ProducerRecord<byte[], byte[]> letter(ConsumerRecord<byte[], byte[]> source, String errorClass,
            String reason, String message, int httpStatus) {
        Headers headers = DeadLetterHeaders.stamp(source.headers(), errorClass, reason, message, source.topic(),
                source.partition(), source.offset());
        if (httpStatus > 0) {
            DeadLetterHeaders.set(headers, HTTP_STATUS, Integer.toString(httpStatus));
        }
        return new ProducerRecord<>(topic, null, source.key(), source.value(), headers);
    }

    @Override
    public void close() {
        producer.close();
    }
}
