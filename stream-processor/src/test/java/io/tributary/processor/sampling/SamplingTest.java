package io.tributary.processor.sampling;

import static io.tributary.processor.TopologyFixture.BASE_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.processor.Events;
import io.tributary.processor.TopologyFixture;
import io.tributary.schema.Category;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.Priority;
import io.tributary.schema.kafka.EventSerde;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SamplingTest {
    private static final long W0 = BASE_MS - BASE_MS % 60_000;
    private final TopologyFixture fx = new TopologyFixture(Map.of("sampling.window.ms", 10_000L));

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void rateOneTenthOver100000SessionsKeepsTenPercentOfSessionsWhole() {
        RuleValue rule = new RuleValue(0.1, 0, false);
        int sessions = 100_000;
        int keptSessions = 0;
        for (int s = 0; s < sessions; s++) {
            String id = "session-" + s;
            List<Event> events = List.of(Events.sessionStart("svc", id, null, W0), Events.call("svc", id, "f", W0 + 1),
                    Events.ret("svc", id, "f", W0 + 2, 10), Events.custom("svc", id, "clicked", W0 + 3));
            long kept = events.stream().filter(e -> Sampler.decide(e, rule, Long.MAX_VALUE).kept()).count();
            assertThat(kept).as("session %s is kept or dropped whole", id).isIn(0L, 4L);
            keptSessions += kept == 4 ? 1 : 0;
        }
        assertThat(keptSessions).isBetween(9_000, 11_000);
    }

    @Test
    void throughTheTopologyKeptSessionsAreWholeAndCarryTheirRate() {
        publish(SamplingRule.defaultRule(0.1, 0));
        List<Event> in = new ArrayList<>();
        for (int s = 0; s < 2_000; s++) {
            in.add(Events.call("svc", "sess-" + s, "f", W0 + s));
            in.add(Events.ret("svc", "sess-" + s, "f", W0 + s + 1, 10));
        }
        fx.pipe(in);
        List<Event> out = fx.sampled.readValuesToList();
        Map<String, Long> perSession = out.stream().collect(Collectors.groupingBy(Event::getSessionId,
                Collectors.counting()));
        assertThat(perSession.values()).allMatch(n -> n == 2);
        assertThat(perSession.size()).isBetween(140, 260);
        assertThat(out).allMatch(e -> e.getSampleRate() == 0.1);
    }

    @Test
    void theMinimumPerTypePerWindowIsKept() {
        publish(SamplingRule.forType(EventType.CALL, 0.0, 5, false));
        publish(SamplingRule.defaultRule(0.0, 0));
        List<Event> in = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            in.add(Events.call("svc", "s" + i, "f", W0 + i));              // window [W0, W0+10s)
            in.add(Events.call("svc", "t" + i, "f", W0 + 10_000 + i));     // next window
            in.add(Events.custom("svc", "u" + i, "x", W0 + i));            // default rule, no minimum
        }
        fx.pipe(in);
        List<Event> out = fx.sampled.readValuesToList();
        assertThat(out).allMatch(e -> e.getType() == EventType.CALL);
        Map<Long, Long> perWindow = out.stream().collect(Collectors.groupingBy(
                e -> (e.getTsNs() / 1_000_000 - W0) / 10_000, Collectors.counting()));
        assertThat(perWindow).containsExactlyInAnyOrderEntriesOf(Map.of(0L, 5L, 1L, 5L));
    }

    @Test
    void priorityOverridesAlwaysKeep() {
        publish(SamplingRule.defaultRule(0.0, 0));
        publish(SamplingRule.forCategory(Category.USAGE, 0.0, 0, true));
        Event high = Events.call("svc", "s1", "f", W0);
        high.setPriority(Priority.HIGH);
        Event critical = Events.call("svc", "s2", "f", W0);
        critical.setPriority(Priority.CRITICAL);
        Event low = Events.call("svc", "s3", "f", W0);
        low.setPriority(Priority.LOW);
        fx.pipe(List.of(
                Events.exception("svc", "s4", "ValueError", W0),
                Events.response("svc", "s5", 503, W0, 1, 1),
                Events.response("svc", "s6", 404, W0, 1, 1),
                high, critical, low,
                Events.custom("svc", "s7", "feature_used", W0),   // category usage: always_keep rule
                Events.call("svc", "s8", "f", W0)));
        List<Event> out = fx.sampled.readValuesToList();
        assertThat(out).extracting(Event::getSessionId).containsExactly("s4", "s5", "s1", "s2", "s7");
        assertThat(out).allMatch(e -> e.getSampleRate() == 1.0);
    }

    @Test
    void aRuleUpdateTakesEffectMidStream() {
        fx.pipe(List.of(Events.call("svc", "a", "f", W0), Events.call("svc", "b", "f", W0 + 1)));
        assertThat(fx.sampled.readValuesToList()).hasSize(2);
        publish(SamplingRule.forType(EventType.CALL, 0.0, 0, false));
        fx.pipe(List.of(Events.call("svc", "a", "f", W0 + 2), Events.custom("svc", "a", "x", W0 + 3)));
        assertThat(fx.sampled.readValuesToList()).extracting(Event::getType).containsExactly(EventType.CUSTOM);
        fx.rules.pipeInput(SamplingRule.typeTarget(EventType.CALL), null);
        fx.pipe(List.of(Events.call("svc", "a", "f", W0 + 4)));
        assertThat(fx.sampled.readValuesToList()).hasSize(1);
    }

    @Test
    void aKeptEventThatNeedsNoChangeIsWrittenAsItsOriginalBytesAndAnyOtherIsEncoded() {
        var sampledBytes = fx.driver.createOutputTopic(fx.topics.sampled(), new StringDeserializer(),
                new ByteArrayDeserializer());
        byte[] avro = EventSerde.avro().serializer().serialize(fx.topics.raw(), Events.call("svc", "a", "f", W0));
        fx.pipe("a", avro);
        assertThat(sampledBytes.readValue()).isEqualTo(avro);

        String json = "{\"type\":\"custom\",\"name\":\"x\",\"session_id\":\"b\",\"ts_ns\":" + W0 * 1_000_000L + "}";
        fx.pipe("b", json.getBytes(StandardCharsets.UTF_8));
        Event fromJson = EventSerde.avro().deserializer().deserialize(fx.topics.sampled(), sampledBytes.readValue());
        assertThat(fromJson.getType()).isEqualTo(EventType.CUSTOM);
        assertThat(fromJson.getSessionId()).isEqualTo("b");

        publish(SamplingRule.defaultRule(0.999_999, 0));
        Event call = Events.call("svc", "c", "f", W0 + 1);
        fx.pipe("c", EventSerde.avro().serializer().serialize(fx.topics.raw(), call));
        Event rated = EventSerde.avro().deserializer().deserialize(fx.topics.sampled(), sampledBytes.readValue());
        assertThat(rated.getSampleRate()).isEqualTo(0.999_999);
        assertThat(sampledBytes.isEmpty()).isTrue();
    }

    @Test
    void anUnparseableRuleIsIgnored() {
        fx.rules.pipeInput("default", "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        fx.pipe(List.of(Events.call("svc", "a", "f", W0)));
        assertThat(fx.sampled.readValuesToList()).hasSize(1);
    }

    @Test
    void rulesRoundTripThroughTheirJsonForm() {
        SamplingRule rule = SamplingRule.forType(EventType.HTTP_REQUEST, 0.25, 7, true);
        assertThat(SamplingRuleCodec.decode(rule.target(), SamplingRuleCodec.encode(rule))).isEqualTo(rule);
        assertThat(rule.target()).isEqualTo("type:http_request");
    }

    private void publish(SamplingRule rule) {
        fx.rules.pipeInput(rule.target(), SamplingRuleCodec.encode(rule));
    }
}
