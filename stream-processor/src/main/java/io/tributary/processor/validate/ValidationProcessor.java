package io.tributary.processor.validate;

import io.tributary.processor.ProcessorMetrics;
import io.tributary.schema.Event;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.EventDecodeException;
import io.tributary.schema.kafka.DeadLetterHeaders;
import io.tributary.schema.kafka.EventSerde;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First step of the topology: validates each raw record with an {@link EventValidator} and forwards a
 * {@link Checked}. Valid events are keyed by session id (event id for events without a session). Rejected
 * records keep their bytes and headers and gain the {@link DeadLetterHeaders}: error class, reason, message,
 * source topic, partition and offset. Bad input is counted, never thrown: the processor keeps running.
 */
public final class ValidationProcessor implements Processor<byte[], byte[], String, Checked> {
    private final EventValidator validator;
    private final ProcessorMetrics metrics;
    private ProcessorContext<String, Checked> context;

    /** A processor validating with {@code validator} and counting into {@code metrics}. */
    public ValidationProcessor(EventValidator validator, ProcessorMetrics metrics) {
        this.validator = validator;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Checked> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        try {
            DecodeContext.EventIdSource ids = bytes ->
                    DecodeContext.EventIdSource.fromCoordinates(meta.topic(), meta.partition(), meta.offset());
            EventValidator.Valid valid = validator.validate(record.value(), service(record.headers()), ids,
                    context.currentSystemTimeMs());
            if (valid.clamped()) {
                metrics.clamped();
            }
            metrics.valid();
            Event event = valid.event();
            String key = event.getSessionId() != null ? event.getSessionId() : event.getEventId();
            boolean canonical = !valid.clamped() && validator.isCurrentAvro(record.value());
            context.forward(new Record<>(key, new Checked(record.key(), record.value(), event, canonical),
                    record.timestamp(), record.headers()));
        } catch (EventDecodeException e) {
            reject(record, meta, e.getClass().getSimpleName(), e.reason().name(), e.getMessage());
        } catch (EventValidationException e) {
            reject(record, meta, e.getClass().getSimpleName(), e.reason().name(), e.getMessage());
        }
    }

    private void reject(Record<byte[], byte[]> record, RecordMetadata meta, String errorClass, String reason,
                        String message) {
        Headers headers = DeadLetterHeaders.stamp(record.headers(), errorClass, reason, message, meta.topic(),
                meta.partition(), meta.offset());
        metrics.deadLettered(reason);
        context.forward(new Record<>(null, Checked.rejected(record.key(), record.value()), record.timestamp(),
                headers));
    }


    private static String service(Headers headers) {
        Header header = headers.lastHeader(EventSerde.SERVICE_HEADER);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
