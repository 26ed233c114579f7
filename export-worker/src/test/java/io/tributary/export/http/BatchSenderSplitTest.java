package io.tributary.export.http;

import static io.tributary.export.http.ScriptedTransport.Outcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.format.Compression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** 413 splitting, 400/422 bisection, decode failures and idempotency keys of {@link BatchSender}. */
class BatchSenderSplitTest {
    private final ManualTime time = new ManualTime(Instant.parse("2025-11-22T08:00:00Z"));
    private final RecordingDeadLetters dlq = new RecordingDeadLetters();

    private BatchSender sender(ScriptedTransport transport) {
        return new BatchSender(transport, dlq, Compression.ZSTD, 3, 1, RetryPolicy.defaults(), time, time, () -> 0.5,
                new HttpExportMetrics(new SimpleMeterRegistry()));
    }

    private static List<String> ids(List<ScriptedTransport.Seen> accepted) {
        List<String> ids = new ArrayList<>();
        accepted.forEach(s -> s.lines().forEach(l -> ids.add(l.substring(7, l.length() - 2))));
        return ids;
    }

    @Test
    void payloadTooLargeSplitsInHalvesUntilAccepted() throws Exception {
        List<ScriptedTransport.Seen> accepted = new ArrayList<>();
        var transport = new ScriptedTransport(Compression.ZSTD, s -> {
            if (s.lines().size() > 25) {
                return Outcome.status(413);
            }
            accepted.add(s);
            return Outcome.status(200);
        });

        DeliveryResult result = sender(transport).deliver(Records.batch(Records.events(100, 200)), new DeliveryStatus());

        assertThat(result.delivered()).isEqualTo(100);
        assertThat(result.deadLettered()).isZero();
        // 100 -> 50 + 50 -> four quarters of 25, in offset order
        assertThat(transport.requests()).extracting(s -> s.lines().size()).containsExactly(100, 50, 25, 25, 50, 25, 25);
        assertThat(ids(accepted)).isEqualTo(LongStream.range(100, 200).mapToObj(o -> "e" + o).toList());
        assertThat(accepted).extracting(ScriptedTransport.Seen::key).containsExactly(
                IdempotencyKeys.of(Records.TP.topic(), 3, 100, 124), IdempotencyKeys.of(Records.TP.topic(), 3, 125, 149),
                IdempotencyKeys.of(Records.TP.topic(), 3, 150, 174), IdempotencyKeys.of(Records.TP.topic(), 3, 175, 199));
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void aSingleEventTooLargeGoesToTheDeadLetterTopic() throws Exception {
        var transport = new ScriptedTransport(Compression.ZSTD,
                s -> s.lines().contains("{\"id\":\"e5\"}") ? Outcome.status(413, "too big") : Outcome.status(200));

        DeliveryResult result = sender(transport).deliver(Records.batch(Records.events(0, 8)), new DeliveryStatus());

        assertThat(result.delivered()).isEqualTo(7);
        assertThat(dlq.offsets()).containsExactly(5L);
        assertThat(dlq.letters.get(0).reason()).isEqualTo("HTTP_413");
    }

    @Test
    void badRequestsAreBisectedSoThatExactlyTheRejectedEventsAreDeadLettered() throws Exception {
        Set<String> bad = Set.of("{\"id\":\"e3\"}", "{\"id\":\"e4\"}", "{\"id\":\"e517\"}", "{\"id\":\"e999\"}");
        List<ScriptedTransport.Seen> accepted = new ArrayList<>();
        var transport = new ScriptedTransport(Compression.ZSTD, s -> {
            List<String> rejected = s.lines().stream().filter(bad::contains).toList();
            if (!rejected.isEmpty()) {
                return Outcome.status(s.lines().size() % 2 == 0 ? 422 : 400,
                        "{\"error\":\"invalid event\",\n\"line\":" + rejected.get(0) + "}");
            }
            accepted.add(s);
            return Outcome.status(202);
        });

        DeliveryResult result = sender(transport).deliver(Records.batch(Records.events(0, 1000)), new DeliveryStatus());

        assertThat(result.delivered()).isEqualTo(996);
        assertThat(result.deadLettered()).isEqualTo(4);
        assertThat(dlq.offsets()).containsExactly(3L, 4L, 517L, 999L);
        assertThat(dlq.letters).allSatisfy(l -> {
            assertThat(l.errorClass()).isEqualTo("HttpRejected");
            assertThat(l.reason()).isIn("HTTP_400", "HTTP_422");
            assertThat(l.status()).isIn(400, 422);
            assertThat(l.message()).startsWith("{\"error\":\"invalid event\"");
        });
        List<String> expected = LongStream.range(0, 1000).filter(o -> o != 3 && o != 4 && o != 517 && o != 999)
                .mapToObj(o -> "e" + o).toList();
        assertThat(ids(accepted)).isEqualTo(expected);
        assertThat(accepted.stream().map(ScriptedTransport.Seen::key).collect(Collectors.toSet()))
                .hasSize(accepted.size());
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void undecodableRecordsAreDeadLetteredWithTheirReasonAndTheRestDelivered() throws Exception {
        var transport = new ScriptedTransport(Compression.ZSTD, s -> Outcome.status(200));
        List<BatchRecord> records = new ArrayList<>(Records.events(0, 3));
        records.add(Records.undecodable(3));
        records.add(BatchRecord.empty(Records.source(4)));
        records.addAll(Records.events(5, 7));

        DeliveryResult result = sender(transport).deliver(Records.batch(records), new DeliveryStatus());

        assertThat(result).isEqualTo(new DeliveryResult(5, 1, 1));
        assertThat(dlq.letters).containsExactly(
                new RecordingDeadLetters.Letter(3, "EventDecodeException", "MALFORMED_JSON", "not json", 0));
        assertThat(transport.requests().get(0).lines()).containsExactly("{\"id\":\"e0\"}", "{\"id\":\"e1\"}",
                "{\"id\":\"e2\"}", "{\"id\":\"e5\"}", "{\"id\":\"e6\"}");
        assertThat(transport.requests().get(0).key()).isEqualTo(IdempotencyKeys.of(Records.TP.topic(), 3, 0, 6));
    }

    @Test
    void aBatchOfOnlyUndecodableRecordsSendsNoRequest() throws Exception {
        var transport = new ScriptedTransport(Compression.ZSTD, s -> Outcome.status(200));

        DeliveryResult result = sender(transport).deliver(Records.batch(List.of(Records.undecodable(9))),
                new DeliveryStatus());

        assertThat(result).isEqualTo(new DeliveryResult(0, 1, 0));
        assertThat(transport.requests()).isEmpty();
    }
}
