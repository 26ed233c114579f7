package io.tributary.schema.kafka;

import io.tributary.schema.Event;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.EventCodecs;
import io.tributary.schema.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serde} for {@link Event}. The serializer writes one wire format (Avro single-object or JSON
 * line); the deserializer reads both, told apart per record, so one topic may mix producers.
 *
 * <p>For JSON records without a {@code service} field the deserializer takes the {@value #SERVICE_HEADER}
 * record header, else the {@value #DEFAULT_SERVICE_CONFIG} setting (default {@code unknown}). Undecodable
 * bytes throw {@link io.tributary.schema.codec.EventDecodeException}.
 *
 * <pre>{@code
 * var producer = new KafkaProducer<>(props, new StringSerializer(), EventSerde.avro().serializer());
 * }</pre>
 */
public final class EventSerde implements Serde<Event> {
    /** Record header naming the producing service, for JSON producers that leave it out of the body. */
    public static final String SERVICE_HEADER = "service";
    /** Setting: service name used when neither the body nor the header has one. */
    public static final String DEFAULT_SERVICE_CONFIG = "tributary.default.service";
    /** Setting: largest accepted record value in bytes (default 1 MiB). */
    public static final String MAX_BYTES_CONFIG = "tributary.max.event.bytes";

    private final WireFormat writeFormat;
    private volatile EventCodecs codecs = EventCodecs.create();
    private volatile String defaultService = DecodeContext.UNKNOWN_SERVICE;

    private EventSerde(WireFormat writeFormat) {
        this.writeFormat = writeFormat;
    }

    /** Writes Avro single-object encoding; reads both formats. */
    public static EventSerde avro() {
        return new EventSerde(WireFormat.AVRO);
    }

    /** Writes JSON lines; reads both formats. */
    public static EventSerde json() {
        return new EventSerde(WireFormat.JSON);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object service = configs.get(DEFAULT_SERVICE_CONFIG);
        if (service != null) {
            defaultService = service.toString();
        }
        Object maxBytes = configs.get(MAX_BYTES_CONFIG);
        if (maxBytes != null) {
            codecs = EventCodecs.withMaxBytes(Integer.parseInt(maxBytes.toString()));
        }
    }

    @Override
    public Serializer<Event> serializer() {
        return new Serializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                EventSerde.this.configure(configs, isKey);
            }

            @Override
            public byte[] serialize(String topic, Event event) {
                if (event == null) {
                    return null;
                }
                return writeFormat == WireFormat.AVRO ? codecs.avro().encode(event) : codecs.json().encode(event);
            }
        };
    }

    @Override
    public Deserializer<Event> deserializer() {
        return new Deserializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                EventSerde.this.configure(configs, isKey);
            }

            @Override
            public Event deserialize(String topic, byte[] data) {
                return data == null ? null : codecs.decode(data, DecodeContext.withDefaultService(defaultService));
            }

            @Override
            public Event deserialize(String topic, Headers headers, byte[] data) {
                if (data == null) {
                    return null;
                }
                return codecs.decode(data, DecodeContext.withDefaultService(serviceOf(headers)));
            }
        };
    }

    private String serviceOf(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(SERVICE_HEADER);
        return header == null || header.value() == null
                ? defaultService
                : new String(header.value(), StandardCharsets.UTF_8);
    }
}
