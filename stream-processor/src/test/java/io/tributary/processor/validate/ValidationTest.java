package io.tributary.processor.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.processor.Events;
import io.tributary.processor.ProcessorMetrics;
import io.tributary.processor.TopologyFixture;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.Return;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.SampleEvents;
import io.tributary.schema.kafka.DeadLetterHeaders;
import io.tributary.schema.kafka.EventSerde;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidationTest {
    private final TopologyFixture fx = new TopologyFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void everySampleLineDecodesAndJsonEventsWithoutIdGetTheirCoordinates() {
        List<String> lines = SampleEvents.lines();
        for (String line : lines) {
            fx.pipe("k", line.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(fx.dlq.isEmpty()).isTrue();
        List<Event> out = fx.sampled.readValuesToList();
        assertThat(out).hasSize(lines.size());
        for (int offset = 0; offset < lines.size(); offset++) {
            String expectedId = lines.get(offset).contains("\"id\"") ? out.get(offset).getEventId()
                    : DecodeContext.EventIdSource.fromCoordinates(fx.topics.raw(), 0, offset);
            assertThat(out.get(offset).getEventId()).isEqualTo(expectedId);
        }
        assertThat(fx.metrics.count(ProcessorMetrics.VALID)).isEqualTo(lines.size());
    }

    @Test
    void serviceComesFromTheHeaderElseTheDefault() {
        String line = "{\"type\":\"custom\",\"name\":\"x\",\"ts_ns\":1763800000000000000}";
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventSerde.SERVICE_HEADER, "billing".getBytes(StandardCharsets.UTF_8));
        fx.raw.pipeInput(new TestRecord<>(null, line.getBytes(StandardCharsets.UTF_8), headers));
        fx.pipe(null, line.getBytes(StandardCharsets.UTF_8));
        assertThat(fx.sampled.readValuesToList()).extracting(Event::getService).containsExactly("billing", "unknown");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "MALFORMED_JSON|EventDecodeException|{\"type\":\"call\",",
        "UNKNOWN_EVENT_TYPE|EventDecodeException|{\"type\":\"teleport\",\"session_id\":\"s\",\"ts_ns\":5}",
        "MISSING_FIELD|EventDecodeException|{\"type\":\"call\",\"session_id\":\"s\",\"t0_ns\":5}",
        "WRONG_FIELD_TYPE|EventDecodeException|{\"type\":\"call\",\"session_id\":\"s\",\"func\":\"f\",\"t0_ns\":\"x\"}",
        "INVALID_VALUE|EventDecodeException|{\"type\":\"http_response\",\"session_id\":\"s\",\"status\":999,\"t1_ns\":5,\"dt_ns\":1}",
        "INVALID_TIMESTAMP|EventValidationException|{\"type\":\"custom\",\"name\":\"x\",\"ts_ns\":0}",
        "INVALID_TIMESTAMP|EventValidationException|{\"type\":\"custom\",\"name\":\"x\",\"ts_ns\":-7}",
    })
    void badJsonGoesToTheDlqWithHeadersAndIsCounted(String reason, String errorClass, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertDeadLettered(bytes, reason, errorClass);
    }

    @Test
    void invalidUtf8IsDeadLettered() {
        assertDeadLettered(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, "INVALID_UTF8",
                "EventDecodeException");
    }

    @Test
    void tooLargeIsDeadLettered() {
        try (TopologyFixture small = new TopologyFixture(java.util.Map.of("max.event.bytes", 100))) {
            byte[] big = ("{\"type\":\"custom\",\"name\":\"" + "x".repeat(200) + "\",\"ts_ns\":5}")
                    .getBytes(StandardCharsets.UTF_8);
            small.pipe("k", big);
            assertThat(small.dlq.readRecord().headers().lastHeader(DeadLetterHeaders.ERROR_REASON).value())
                    .asString(StandardCharsets.UTF_8).isEqualTo("TOO_LARGE");
        }
    }

    @Test
    void badAvroIsDeadLettered() {
        byte[] valid = avro(Events.call("svc", "s1", "f", TopologyFixture.BASE_MS));
        byte[] unknownSchema = valid.clone();
        unknownSchema[5] ^= 0x55;
        assertDeadLettered(unknownSchema, "UNKNOWN_SCHEMA", "EventDecodeException");
        assertDeadLettered(Arrays.copyOf(valid, 14), "TRUNCATED", "EventDecodeException");
    }

    @Test
    void avroEventsBreakingProcessorRulesAreDeadLettered() {
        Event negative = Events.call("svc", "s1", "f", TopologyFixture.BASE_MS);
        negative.setTsNs(-1L);
        assertDeadLettered(avro(negative), "INVALID_TIMESTAMP", "EventValidationException");
        Event mismatch = Events.call("svc", "s1", "f", TopologyFixture.BASE_MS);
        mismatch.setPayload(new Return("f", 1L, 1L, null));
        assertDeadLettered(avro(mismatch), "PAYLOAD_MISMATCH", "EventValidationException");
        Event noSession = Events.call("svc", null, "f", TopologyFixture.BASE_MS);
        assertDeadLettered(avro(noSession), "MISSING_FIELD", "EventValidationException");
    }

    @Test
    void futureEventTimesAreClampedFlaggedAndCounted() {
        long future = TopologyFixture.WALL_CLOCK.toEpochMilli() + 3_600_000;
        Event e = Events.custom("svc", "s1", "later", future);
        fx.pipe(List.of(e));
        Event out = fx.sampled.readValue();
        assertThat(out.getTsNs()).isEqualTo(TopologyFixture.WALL_CLOCK.toEpochMilli() * 1_000_000L);
        assertThat(out.getAttrs()).containsEntry(EventValidator.CLAMPED_ATTR, Long.toString(future * 1_000_000L));
        assertThat(fx.metrics.count(ProcessorMetrics.CLAMPED)).isEqualTo(1.0);
    }

    @Test
    void eventsWithinTheSkewAreNotClamped() {
        long soon = TopologyFixture.WALL_CLOCK.toEpochMilli() + 60_000;
        fx.pipe(List.of(Events.custom("svc", "s1", "soon", soon)));
        assertThat(fx.sampled.readValue().getTsNs()).isEqualTo(soon * 1_000_000L);
        assertThat(fx.metrics.count(ProcessorMetrics.CLAMPED)).isZero();
    }

    private void assertDeadLettered(byte[] bytes, String reason, String errorClass) {
        long offset = fx.piped;
        fx.pipe("key-1", bytes);
        // the processor keeps going: a valid event after the bad one still flows
        fx.pipe(List.of(Events.custom("svc", "s1", "after", TopologyFixture.BASE_MS)));
        TestRecord<byte[], byte[]> dead = fx.dlq.readRecord();
        assertThat(dead.value()).isEqualTo(bytes);
        assertThat(dead.key()).isEqualTo("key-1".getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead, DeadLetterHeaders.ERROR_REASON)).isEqualTo(reason);
        assertThat(header(dead, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(errorClass);
        assertThat(header(dead, DeadLetterHeaders.ERROR_MESSAGE)).isNotBlank();
        assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(fx.topics.raw());
        assertThat(header(dead, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo(Long.toString(offset));
        assertThat(fx.dlq.isEmpty()).isTrue();
        assertThat(fx.sampled.readValue().getType()).isEqualTo(EventType.CUSTOM);
        assertThat(fx.metrics.count(ProcessorMetrics.DLQ, "reason", reason)).isGreaterThanOrEqualTo(1.0);
    }

    private static String header(TestRecord<byte[], byte[]> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    private byte[] avro(Event e) {
        return EventSerde.avro().serializer().serialize(fx.topics.raw(), e);
    }
}
