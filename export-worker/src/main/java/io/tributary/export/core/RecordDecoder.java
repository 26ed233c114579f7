package io.tributary.export.core;

import io.tributary.export.format.RecordKind;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.EventCodecs;
import io.tributary.schema.codec.EventDecodeException;
import io.tributary.schema.kafka.AvroRecordSerde;
import io.tributary.schema.kafka.EventSerde;
import io.tributary.schema.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns record values into typed records: events (Avro single-object or JSON lines, via {@link EventCodecs})
 * on {@code events.*} topics, metric windows on {@code metrics.*}, session summaries on {@code sessions}.
 * Not thread-safe (the Avro deserializers are not); one per loop.
 */
public final class RecordDecoder {
    private final Topics topics;
    private final String defaultService;
    private final EventCodecs codecs = EventCodecs.create();
    private final Deserializer<? extends IndexedRecord> metrics = AvroRecordSerde.metricWindow().deserializer();
    private final Deserializer<? extends IndexedRecord> sessions = AvroRecordSerde.sessionSummary().deserializer();

    /** A decoder for topics under {@code topics}' prefix, naming {@code defaultService} when JSON lacks one. */
    public RecordDecoder(Topics topics, String defaultService) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.defaultService = Objects.requireNonNull(defaultService, "defaultService");
    }

    /** The kind of record a topic carries. */
    public RecordKind kindOf(String topic) {
        if (topic.equals(topics.sessions())) {
            return RecordKind.SESSION_SUMMARY;
        }
        if (topic.startsWith(topics.prefix() + "metrics.")) {
            return RecordKind.METRIC_WINDOW;
        }
        return RecordKind.EVENT;
    }

    /**
     * Decodes one record of the given kind.
     *
     * @throws RecordDecodeException when the value is not a valid record; route it to the dead-letter topic
     */
    public IndexedRecord decode(ConsumerRecord<byte[], byte[]> record, RecordKind kind) {
        try {
            switch (kind) {
                case EVENT:
                    return codecs.decode(record.value(), () -> contextOf(record));
                case METRIC_WINDOW:
                    return nonNull(metrics.deserialize(record.topic(), record.value()));
                default:
                    return nonNull(sessions.deserialize(record.topic(), record.value()));
            }
        } catch (EventDecodeException e) {
            throw new RecordDecodeException(new DecodeFailure("EventDecodeException", e.reason().name(),
                    e.getMessage()));
        } catch (SerializationException | IllegalArgumentException e) {
            throw new RecordDecodeException(new DecodeFailure(e.getClass().getSimpleName(), "UNDECODABLE",
                    String.valueOf(e.getMessage())));
        }
    }

    private static IndexedRecord nonNull(IndexedRecord record) {
        if (record == null) {
            throw new IllegalArgumentException("record has no value");
        }
        return record;
    }

    private DecodeContext contextOf(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(EventSerde.SERVICE_HEADER);
        String service = header == null || header.value() == null ? defaultService
                : new String(header.value(), StandardCharsets.UTF_8);
        String topic = record.topic();
        int partition = record.partition();
        long offset = record.offset();
        return new DecodeContext(service,
                bytes -> DecodeContext.EventIdSource.fromCoordinates(topic, partition, offset));
    }
}
