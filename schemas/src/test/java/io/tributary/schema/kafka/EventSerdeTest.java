package io.tributary.schema.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schema.Event;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.EventType;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.JsonEventCodec;
import io.tributary.schema.codec.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventSerdeTest {
    private final Event event = JsonEventCodec.create()
            .decode(SampleEvents.lines().get(3).getBytes(StandardCharsets.UTF_8), DecodeContext.withDefaultService("s"));

    @Test
    void eachSerdeReadsWhatEitherWrites() {
        byte[] avro = EventSerde.avro().serializer().serialize("t", event);
        byte[] json = EventSerde.json().serializer().serialize("t", event);
        assertThat(avro[0]).isEqualTo((byte) 0xC3);
        assertThat(json[0]).isEqualTo((byte) '{');
        for (EventSerde serde : new EventSerde[] {EventSerde.avro(), EventSerde.json()}) {
            assertThat(serde.deserializer().deserialize("t", avro)).isEqualTo(event);
            assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(event);
        }
    }

    @Test
    void serviceComesFromTheBodyThenTheHeaderThenTheSetting() {
        byte[] noService = ("{\"type\":\"custom\",\"id\":\"x\",\"name\":\"n\",\"ts_ns\":1}").getBytes(StandardCharsets.UTF_8);
        EventSerde serde = EventSerde.json();
        serde.configure(Map.of(EventSerde.DEFAULT_SERVICE_CONFIG, "fallback"), false);
        assertThat(serde.deserializer().deserialize("t", new RecordHeaders(), noService).getService()).isEqualTo("fallback");

        RecordHeaders headers = new RecordHeaders();
        headers.add(EventSerde.SERVICE_HEADER, "checkout".getBytes(StandardCharsets.UTF_8));
        assertThat(serde.deserializer().deserialize("t", headers, noService).getService()).isEqualTo("checkout");
    }

    @Test
    void metricWindowsRoundTrip() {
        MetricWindow window = MetricWindow.newBuilder().setService("s").setEventType(EventType.CALL).setName("f")
                .setWindowStartMs(0).setWindowEndMs(60_000).setCount(3).setErrorCount(1).setP99Ns(12.5).build();
        AvroRecordSerde<MetricWindow> serde = AvroRecordSerde.metricWindow();
        assertThat(serde.deserializer().deserialize("m", serde.serializer().serialize("m", window))).isEqualTo(window);
    }
}
