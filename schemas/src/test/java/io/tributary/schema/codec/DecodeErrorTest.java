package io.tributary.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.schema.codec.EventDecodeException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** One case for each way bad input fails: a typed exception naming the reason and, where there is one, the field. */
class DecodeErrorTest {
    private final EventCodecs codecs = EventCodecs.create();

    @Test
    void malformedJson() {
        assertFails("{\"type\":\"call\",\"func\":", Reason.MALFORMED_JSON, null);
        assertFails("[1,2]", Reason.MALFORMED_JSON, null);
        assertFails("{\"type\":\"custom\",\"name\":\"n\",\"ts_ns\":1} trailing", Reason.MALFORMED_JSON, null);
    }

    @Test
    void unknownEventType() {
        assertFails("{\"type\":\"teleport\",\"session_id\":\"s\",\"ts_ns\":1}", Reason.UNKNOWN_EVENT_TYPE, "type")
                .hasMessageContaining("teleport");
    }

    @Test
    void missingRequiredField() {
        assertFails("{\"type\":\"return\",\"session_id\":\"s\",\"func\":\"f\",\"t1_ns\":10}", Reason.MISSING_FIELD, "dt_ns");
        assertFails("{\"type\":\"call\",\"func\":\"f\",\"t0_ns\":10}", Reason.MISSING_FIELD, "session_id");
        assertFails("{\"session_id\":\"s\"}", Reason.MISSING_FIELD, "type");
    }

    @Test
    void wrongFieldType() {
        assertFails("{\"type\":\"call\",\"session_id\":\"s\",\"func\":\"f\",\"t0_ns\":\"soon\"}", Reason.WRONG_FIELD_TYPE, "t0_ns")
                .hasMessageContaining("expected an integer, got a string");
        assertFails("{\"type\":\"session_start\",\"session_id\":\"s\",\"ts_ns\":1,\"attrs\":{\"n\":1}}",
                Reason.WRONG_FIELD_TYPE, "attrs.n");
    }

    @Test
    void invalidValue() {
        assertFails("{\"type\":\"http_response\",\"session_id\":\"s\",\"status\":42,\"t1_ns\":1,\"dt_ns\":1}",
                Reason.INVALID_VALUE, "status");
    }

    @Test
    void traceAndSpanIdsAreLowerCaseHexOfTheirLength() {
        String start = "{\"type\":\"custom\",\"name\":\"n\",\"ts_ns\":1,";
        assertFails(start + "\"trace_id\":\"0123456789ABCDEF0123456789abcdef\"}", Reason.INVALID_VALUE, "trace_id")
                .hasMessageContaining("0123456789ABCDEF");
        assertFails(start + "\"trace_id\":\"0123456789abcdef0123456789abcde\"}", Reason.INVALID_VALUE, "trace_id");
        assertFails(start + "\"trace_id\":\"0123456789abcdef0123456789abcdef0\"}", Reason.INVALID_VALUE, "trace_id");
        assertFails(start + "\"span_id\":\"0123456789abcdeg\"}", Reason.INVALID_VALUE, "span_id");
        assertFails(start + "\"span_id\":\"\"}", Reason.INVALID_VALUE, "span_id");
        assertThat(codecs.decode((start + "\"trace_id\":\"0123456789abcdef0123456789abcdef\",\"span_id\":"
                + "\"fedcba9876543210\"}").getBytes(StandardCharsets.UTF_8), DecodeContext.defaults()).getSpanId())
                .isEqualTo("fedcba9876543210");
    }

    @Test
    void unknownCategoryOrPriority() {
        String start = "{\"type\":\"custom\",\"name\":\"n\",\"ts_ns\":1,";
        assertFails(start + "\"category\":\"misc\"}", Reason.INVALID_VALUE, "category").hasMessageContaining("'misc'");
        assertFails(start + "\"priority\":\"urgent\"}", Reason.INVALID_VALUE, "priority");
    }

    @Test
    void invalidUtf8() {
        byte[] prefix = "{\"type\":\"custom\",\"name\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\",\"ts_ns\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        bytes[prefix.length] = (byte) 0xC3;     // a lead byte ...
        bytes[prefix.length + 1] = (byte) 0x28; // ... followed by no continuation byte
        System.arraycopy(suffix, 0, bytes, prefix.length + 2, suffix.length);
        assertThatThrownBy(() -> codecs.decode(bytes, DecodeContext.defaults()))
                .isInstanceOfSatisfying(EventDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_UTF8);
                });
    }

    @Test
    void invalidUtf8IsFoundWhereverItSits() {
        // The ASCII check reads 8 bytes at a time, then the tail byte by byte: put a stray byte in either part.
        for (int pad = 0; pad < 17; pad++) {
            String line = "{\"type\":\"custom\",\"name\":\"" + "a".repeat(pad) + "\",\"ts_ns\":1}";
            byte[] ascii = line.getBytes(StandardCharsets.UTF_8);
            for (int at : new int[] {ascii.length - 12 - pad / 2, ascii.length}) {
                byte[] bytes = Arrays.copyOf(ascii, ascii.length + 1);
                System.arraycopy(ascii, at, bytes, at + 1, ascii.length - at);
                bytes[at] = (byte) 0xFF;
                assertThatThrownBy(() -> codecs.decode(bytes, DecodeContext.defaults()))
                        .as("stray byte at %d of %d", at, bytes.length)
                        .isInstanceOfSatisfying(EventDecodeException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_UTF8));
            }
        }
    }

    @Test
    void unknownSchemaFingerprint() {
        byte[] bytes = validAvro();
        bytes[5] ^= 0x5A; // corrupt the fingerprint
        assertAvroFails(bytes, Reason.UNKNOWN_SCHEMA).hasMessageContaining("fingerprint");
    }

    @Test
    void truncatedBinary() {
        byte[] bytes = validAvro();
        assertAvroFails(Arrays.copyOf(bytes, bytes.length / 2), Reason.TRUNCATED);
        assertAvroFails(Arrays.copyOf(bytes, 6), Reason.TRUNCATED);
    }

    @Test
    void bytesAfterTheRecord() {
        byte[] bytes = validAvro();
        assertAvroFails(Arrays.copyOf(bytes, bytes.length + 3), Reason.TRUNCATED).hasMessageContaining("3 bytes");
    }

    @Test
    void payloadOverTheSizeLimit() {
        EventCodecs small = EventCodecs.withMaxBytes(64);
        String line = SampleEvents.lines().get(0);
        assertThatThrownBy(() -> small.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults()))
                .isInstanceOfSatisfying(EventDecodeException.class, e ->
                        assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("limit of 64");
        assertThatThrownBy(() -> small.decode(validAvro(), DecodeContext.defaults()))
                .isInstanceOfSatisfying(EventDecodeException.class, e ->
                        assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    private byte[] validAvro() {
        String line = SampleEvents.lines().get(1);
        return codecs.avro().encode(codecs.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults()));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertAvroFails(byte[] bytes, Reason reason) {
        return assertThatThrownBy(() -> codecs.decode(bytes, DecodeContext.defaults()))
                .isInstanceOfSatisfying(EventDecodeException.class, e ->
                        assertThat(e.reason()).isEqualTo(reason));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertFails(String json, Reason reason, String field) {
        return assertThatThrownBy(() -> codecs.decode(json.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults()))
                .isInstanceOfSatisfying(EventDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.field()).isEqualTo(field);
                });
    }
}
