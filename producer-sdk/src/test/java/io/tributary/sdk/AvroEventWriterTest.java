package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.schema.Call;
import io.tributary.schema.Category;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.ExceptionEvent;
import io.tributary.schema.HttpRequest;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Priority;
import io.tributary.schema.Return;
import io.tributary.schema.Runtime;
import io.tributary.schema.SessionStart;
import io.tributary.schema.codec.AvroEventCodec;
import io.tributary.schema.codec.DecodeContext;
import io.tributary.schema.codec.JsonEventCodec;
import io.tributary.schema.codec.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AvroEventWriterTest {
    private final AvroEventCodec codec = AvroEventCodec.create();

    @Test
    void knowsTheEventSchemaInTheSchemasJar() {
        // Fails when the Event schema changed: update AvroEventWriter (and its FINGERPRINT) to the new version.
        assertThat(AvroEventWriter.fingerprint(Event.getClassSchema())).isEqualTo(AvroEventWriter.FINGERPRINT);
        assertThat(AvroEventWriter.forCurrentSchema()).isNotNull();
        assertThat(new EventFinisher(codec, 1000, 50, 1 << 20).directWriter()).isTrue();
    }

    @Test
    void writesTheSameBytesAsTheAvroCodecForEverySampleEvent() {
        JsonEventCodec json = JsonEventCodec.create();
        AvroEventWriter writer = AvroEventWriter.forCurrentSchema();
        for (String line : SampleEvents.lines()) {
            Event event = json.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults());
            assertSameBytes(writer, event);
        }
    }

    @Test
    void writesTheSameBytesForEdgeCases() {
        AvroEventWriter writer = AvroEventWriter.forCurrentSchema();
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("env", "prod");
        attrs.put("", "");
        attrs.put("unicode é 日本 😀", "unpaired \ud800 surrogate");
        attrs.put("long", "x".repeat(300));
        List<Object> payloads = new ArrayList<>();
        payloads.add(new SessionStart(null, null));
        payloads.add(new SessionStart("tag", new Runtime(null, "17")));
        payloads.add(new Call("f", null, null, null, Long.MIN_VALUE, null));
        payloads.add(new Call("f", "m", "F.java", Integer.MIN_VALUE, Long.MAX_VALUE, "{\"a\":[1,2.5,null]}"));
        payloads.add(new Call("f", "m", "F.java", -1, -1L, ""));
        payloads.add(new Return("g", 0L, 123_456_789_012L, "ü".repeat(200)));
        payloads.add(new ExceptionEvent(null, "java.io.IOException", null));
        payloads.add(new ExceptionEvent("h", "E", "message\nwith\tcontrol\u0000chars"));
        payloads.add(new HttpRequest("GET", "/v1/users/42", 1L, null, null, null));
        payloads.add(new HttpRequest("POST", "/v1", 1L, "{}", 0L, "{\"b\":true}"));
        payloads.add(new HttpResponse(503, 2L, -3L, null, null, null, null, null, null));
        payloads.add(new HttpResponse(200, 2L, 3L, "GET", "/x", "{\"h\":\"v\"}", Long.MAX_VALUE, "err", "[1]"));
        payloads.add(new Custom("name", null));
        payloads.add(new Custom("", "{\"k\":\"v\"}"));
        for (Object payload : payloads) {
            for (Map<String, String> a : List.of(Map.<String, String>of(), attrs)) {
                Event event = new Event("", EventType.CUSTOM, Category.PERFORMANCE, Priority.CRITICAL,
                        -1_763_800_000_000_000_000L, "svc", "sess_1", "0af7651916cd43dd8448eb211c80319c",
                        "b7ad6b7169203331", a, payload, 0.125);
                assertSameBytes(writer, event);
                event.setSessionId(null);
                event.setTraceId(null);
                event.setSpanId(null);
                event.setAttrs(null);
                event.setSampleRate(Double.MIN_VALUE);
                assertSameBytes(writer, event);
            }
        }
    }

    @Test
    void refusesNullsWhereTheSchemaDoes() {
        AvroEventWriter writer = AvroEventWriter.forCurrentSchema();
        Event event = new Event("", EventType.CALL, Category.TRACE, Priority.NORMAL, 1L, "svc", null, null, null,
                null, new Call(null, null, null, null, 1L, null), 1.0);
        assertThatThrownBy(() -> writer.encode(event, 1, 2)).isInstanceOf(NullPointerException.class);
    }

    private void assertSameBytes(AvroEventWriter writer, Event event) {
        UUID id = UUID.randomUUID();
        event.setEventId(id.toString());
        byte[] expected = codec.encode(event);
        // Twice: the writer reuses its buffer.
        for (int i = 0; i < 2; i++) {
            assertThat(writer.encode(event, id.getMostSignificantBits(), id.getLeastSignificantBits()))
                    .as("%s", event).isEqualTo(expected);
        }
        if (!event.toString().contains("unpaired")) { // an unpaired surrogate is written as '?', by Avro too
            assertThat(codec.decode(expected)).isEqualTo(event);
        }
    }
}
