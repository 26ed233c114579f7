package io.tributary.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.schema.Call;
import io.tributary.schema.Category;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Priority;
import io.tributary.schema.SessionStart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonEventCodecTest {
    private static final Path SHARED_SAMPLES = Path.of("../../shared/data/sample-events.jsonl");
    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonEventCodec json = JsonEventCodec.create();
    private final AvroEventCodec avro = AvroEventCodec.create();

    @Test
    void bundledSamplesAreTheSharedSamples() throws IOException {
        if (Files.exists(SHARED_SAMPLES)) {
            List<String> shared = Files.readAllLines(SHARED_SAMPLES).stream().filter(l -> !l.isBlank()).toList();
            assertThat(SampleEvents.lines()).isEqualTo(shared);
        }
        assertThat(SampleEvents.lines()).hasSizeGreaterThan(100);
    }

    @Test
    void everySampleLineDecodesAndEveryTypeIsCovered() {
        Set<EventType> seen = EnumSet.noneOf(EventType.class);
        for (String line : SampleEvents.lines()) {
            Event event = json.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults());
            seen.add(event.getType());
            assertThat(event.getTsNs()).isPositive();
            assertThat(event.getEventId()).isNotBlank();
        }
        assertThat(seen).containsExactlyInAnyOrder(EventType.values());
    }

    @Test
    void jsonToAvroToJsonLosesNothing() throws IOException {
        for (String line : SampleEvents.lines()) {
            Event decoded = json.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.withDefaultService("svc"));
            Event viaAvro = avro.decode(avro.encode(decoded));
            assertThat(viaAvro).isEqualTo(decoded);

            byte[] out = json.encode(viaAvro);
            JsonNode input = mapper.readTree(line);
            // Input may name the event id `id` (the seed format) or `event_id`; output always says `event_id`.
            if (input.has("id")) {
                ((ObjectNode) input).set("event_id", ((ObjectNode) input).remove("id"));
            }
            JsonNode output = mapper.readTree(out);
            assertThat(output.has("id")).as("output of %s", line).isFalse();
            assertContains(output, input, line);
            // The re-encoded line is a fixed point: decoding it again yields the same event.
            assertThat(json.decode(out, DecodeContext.defaults())).isEqualTo(decoded);
        }
    }

    @Test
    void fillsInWhatTheLineLeavesOut() {
        byte[] line = "{\"type\":\"call\",\"session_id\":\"s1\",\"func\":\"f\",\"t0_ns\":5}".getBytes(StandardCharsets.UTF_8);
        Event event = json.decode(line, new DecodeContext("billing", bytes -> "id-from-context"));
        assertThat(event.getService()).isEqualTo("billing");
        assertThat(event.getEventId()).isEqualTo("id-from-context");
        assertThat(event.getCategory()).isEqualTo(Category.TRACE);
        assertThat(event.getPriority()).isEqualTo(Priority.NORMAL);
        assertThat(event.getSampleRate()).isEqualTo(1.0);
        assertThat(event.getTsNs()).isEqualTo(5L);
        assertThat(((Call) event.getPayload()).getLine()).isNull();
        // Derived ids are stable: the same bytes give the same id.
        assertThat(json.decode(line, DecodeContext.defaults()).getEventId())
                .isEqualTo(json.decode(line, DecodeContext.defaults()).getEventId());
    }

    @Test
    void keepsArbitraryJsonVerbatimAndNullMeansAbsent() throws IOException {
        String line = "{\"type\":\"http_response\",\"session_id\":\"s\",\"status\":503,\"t1_ns\":9,\"dt_ns\":4,"
                + "\"headers\":{\"set-cookie\":[\"a\",\"b\"]},\"response_body\":\"oops \\u00e9\",\"error\":null,"
                + "\"runtime\":null,\"unknown_field\":{\"x\":[1,2]}}";
        Event event = json.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults());
        HttpResponse response = (HttpResponse) event.getPayload();
        assertThat(mapper.readTree(response.getHeaders())).isEqualTo(mapper.readTree("{\"set-cookie\":[\"a\",\"b\"]}"));
        assertThat(mapper.readTree(response.getResponseBody()).textValue()).isEqualTo("oops \u00e9");
        assertThat(response.getError()).isNull();
    }

    @Test
    void sessionStartKeepsTraceContextAttrsAndRuntime() {
        String line = SampleEvents.lines().get(0);
        Event event = json.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults());
        assertThat(event.getType()).isEqualTo(EventType.SESSION_START);
        assertThat(event.getTraceId()).hasSize(32);
        assertThat(event.getSpanId()).hasSize(16);
        assertThat(event.getAttrs()).containsEntry("env", "prod");
        SessionStart start = (SessionStart) event.getPayload();
        assertThat(start.getTag()).isEqualTo("cron");
        assertThat(start.getRuntime().getLanguage()).isEqualTo("java");
    }

    @Test
    void customEventsCarryCategoryPriorityAndData() {
        String line = "{\"type\":\"custom\",\"id\":\"e1\",\"name\":\"feature_used\",\"category\":\"usage\","
                + "\"priority\":\"high\",\"ts_ns\":7,\"data\":{\"plan\":\"pro\",\"seats\":3}}";
        Event event = json.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults());
        assertThat(event.getEventId()).isEqualTo("e1");
        assertThat(event.getCategory()).isEqualTo(Category.USAGE);
        assertThat(event.getPriority()).isEqualTo(Priority.HIGH);
        assertThat(event.getSessionId()).isNull();
        assertThat(json.decode(json.encode(event), DecodeContext.defaults())).isEqualTo(event);
    }

    @Test
    void tagsAndEnumsAreCaseInsensitive() {
        String line = "{\"type\":\"HTTP_Request\",\"session_id\":\"s\",\"method\":\"GET\",\"url\":\"/\",\"t0_ns\":3,"
                + "\"category\":\"Performance\",\"priority\":\"CRITICAL\"}";
        Event event = json.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults());
        assertThat(event.getType()).isEqualTo(EventType.HTTP_REQUEST);
        assertThat(event.getCategory()).isEqualTo(Category.PERFORMANCE);
        assertThat(event.getPriority()).isEqualTo(Priority.CRITICAL);
        assertThat(event.getTsNs()).isEqualTo(3L);
    }

    @Test
    void jsonValuesAreCopiedCompactlyAlsoAfterABadLine() {
        String bad = "{\"type\":\"custom\",\"name\":\"n\",\"ts_ns\":1,\"data\":{\"a\":[1,2";
        assertThatThrownBy(() -> json.decode(bad.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults()))
                .isInstanceOf(EventDecodeException.class);
        String line = "{\"type\":\"custom\",\"name\":\"n\",\"ts_ns\":1,\"data\":{ \"a\" : [1, \"\\u00e9\\ud83d\\ude00\"],"
                + " \"b\":{}}}";
        Event event = json.decode(line.getBytes(StandardCharsets.UTF_8), DecodeContext.defaults());
        assertThat(((Custom) event.getPayload()).getData())
                .isEqualTo("{\"a\":[1,\"\u00e9\ud83d\ude00\"],\"b\":{}}");
    }

    @Test
    void attrsKeepTheirOrderThroughAvro() {
        String line = "{\"type\":\"custom\",\"name\":\"n\",\"ts_ns\":1,\"attrs\":{\"z\":\"1\",\"a\":\"2\",\"m\":\"3\","
                + "\"b\":\"4\"}}";
        Event event = avro.decode(avro.encode(json.decode(line.getBytes(StandardCharsets.UTF_8),
                DecodeContext.defaults())));
        assertThat(event.getAttrs().keySet()).containsExactly("z", "a", "m", "b");
        assertThat(new String(json.encode(event), StandardCharsets.UTF_8))
                .contains("\"attrs\":{\"z\":\"1\",\"a\":\"2\",\"m\":\"3\",\"b\":\"4\"}");
    }

    /** Every field of {@code expected} is in {@code actual} with an equal value; null counts as absent. */
    private static void assertContains(JsonNode actual, JsonNode expected, String line) {
        Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                assertThat(actual.has(field.getKey()) && !actual.get(field.getKey()).isNull())
                        .as("null field %s of %s", field.getKey(), line).isFalse();
                continue;
            }
            assertThat(actual.get(field.getKey())).as("field %s of %s", field.getKey(), line)
                    .isEqualTo(field.getValue());
        }
        assertThat(actual).isInstanceOf(ObjectNode.class);
    }
}
