package io.tributary.export.core;

import io.tributary.schema.kafka.DeadLetterHeaders;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;

/**
 * Sends undecodable records, unchanged, to the dead-letter topic with {@link DeadLetterHeaders} naming the
 * error and the source coordinates. Sends are asynchronous; {@link #ensureDelivered()} runs before any flush
 * covering those offsets is published, so an offset is never committed before its dead letter is durable.
 * A crash in between can repeat a dead letter (at-least-once for the DLQ). Not thread-safe.
 */
public final class DeadLetterPublisher implements AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Map<TopicPartition, Exception> failures = new ConcurrentHashMap<>();

    /** Publishes to {@code topic} with {@code producer}, which this object closes. */
    public DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Sends one record with the reason it failed. */
    public void send(ConsumerRecord<byte[], byte[]> record, DecodeFailure why) {
        Headers headers = DeadLetterHeaders.stamp(record.headers(), why.errorClass(), why.reason(), why.message(),
                record.topic(), record.partition(), record.offset());
        TopicPartition source = new TopicPartition(record.topic(), record.partition());
        producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers), (meta, e) -> {
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


    @Override
    public void close() {
        producer.close();
    }
}
