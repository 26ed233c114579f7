package io.tributary.export.http;

import static io.tributary.export.http.ScriptedTransport.Outcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.format.Compression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Retries, backoff, Retry-After, max elapsed and auth handling of {@link BatchSender}, on a manual clock. */
class BatchSenderRetryTest {
    private final ManualTime time = new ManualTime(Instant.parse("2025-11-22T08:00:00Z"));
    private final RecordingDeadLetters dlq = new RecordingDeadLetters();
    private final DeliveryStatus status = new DeliveryStatus();

    private BatchSender sender(ScriptedTransport transport, RetryPolicy policy) {
        return new BatchSender(transport, dlq, Compression.GZIP, 3, 1, policy, time, time, () -> 0.5,
                new HttpExportMetrics(new SimpleMeterRegistry()));
    }

    private static Function<ScriptedTransport.Seen, Outcome> sequence(Outcome... outcomes) {
        AtomicInteger n = new AtomicInteger();
        return s -> n.get() < outcomes.length ? outcomes[n.getAndIncrement()] : Outcome.status(200);
    }

    @Test
    void retriesServerErrorsTimeoutsThrottlingAndNetworkErrorsWithJitteredExponentialBackoff() throws Exception {
        var transport = new ScriptedTransport(Compression.GZIP, sequence(Outcome.status(500), Outcome.status(503),
                Outcome.status(408), Outcome.status(429), Outcome.networkError(), Outcome.status(502)));

        DeliveryResult result = sender(transport, RetryPolicy.defaults()).deliver(Records.batch(Records.events(0, 10)),
                status);

        assertThat(result).isEqualTo(new DeliveryResult(10, 0, 7));
        // full jitter with the random draw fixed at 0.5: half of 100, 200, 400, 800, 1600, 3200 ms
        assertThat(time.sleeps).extracting(Duration::toMillis).containsExactly(50L, 100L, 200L, 400L, 800L, 1600L);
        assertThat(transport.requests()).extracting(ScriptedTransport.Seen::key).containsOnly(
                IdempotencyKeys.of(Records.TP.topic(), Records.TP.partition(), 0, 9));
        assertThat(transport.requests().get(6).lines()).hasSize(10).first().isEqualTo("{\"id\":\"e0\"}");
        assertThat(dlq.letters).isEmpty();
    }

    @Test
    void backoffIsCappedAtTheMaxDelayAndDrawnFromZeroToTheCap() {
        RetryPolicy policy = RetryPolicy.defaults();
        assertThat(policy.cap(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.cap(9)).isEqualTo(Duration.ofMillis(25_600));
        assertThat(policy.cap(10)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.cap(1000)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backoff(10, 0.0)).isZero();
        assertThat(policy.backoff(10, 0.999_999)).isLessThanOrEqualTo(Duration.ofSeconds(30))
                .isGreaterThan(Duration.ofMillis(29_900));
        assertThat(policy.backoff(3, 0.25)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void retryAfterInSecondsOrAsHttpDateIsWaitedExactly() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                time.instant().plusSeconds(90).atZone(ZoneOffset.UTC));
        var transport = new ScriptedTransport(Compression.GZIP, sequence(Outcome.retryAfter(429, "7"),
                Outcome.retryAfter(503, date), Outcome.retryAfter(503, "soon"), Outcome.retryAfter(429, "86400")));

        sender(transport, RetryPolicy.defaults()).deliver(Records.batch(Records.events(0, 3)), status);

        // 7 s; then the date, 7 s nearer by then; a malformed header falls back to the backoff (half of 400 ms);
        // a day is cut to http.retry.after.max.ms (10 minutes)
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(83), Duration.ofMillis(200),
                Duration.ofMinutes(10));
    }

    @Test
    void afterMaxElapsedTheDefaultBlocksAndKeepsRetryingWithoutLosingTheBatch() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Boolean> blockedSeen = new ArrayList<>();
        var transport = new ScriptedTransport(Compression.GZIP, s -> {
            blockedSeen.add(status.blocked);
            return calls.incrementAndGet() <= 40 ? Outcome.status(503) : Outcome.status(200);
        });

        DeliveryResult result = sender(transport, RetryPolicy.defaults()).deliver(
                Records.batch(Records.events(0, 5)), status);

        assertThat(result).isEqualTo(new DeliveryResult(5, 0, 41));
        assertThat(dlq.letters).isEmpty();
        // 40 failures take (50 ms + ... + 15 s × 31) > 5 minutes, so the partition was blocked before recovery
        assertThat(time.sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isGreaterThan(Duration.ofMinutes(5));
        assertThat(time.sleeps.get(39)).isEqualTo(Duration.ofSeconds(15));
        assertThat(blockedSeen.get(0)).isFalse();
        assertThat(blockedSeen.get(40)).isTrue();
        assertThat(status.blocked).isFalse();
    }

    @Test
    void afterMaxElapsedTheDlqPolicyMovesTheBatchToTheDeadLetterTopic() throws Exception {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(30),
                Duration.ofMinutes(5), HttpExportConfig.Exhausted.DLQ, Duration.ofMinutes(10),
                Duration.ofSeconds(30));
        var transport = new ScriptedTransport(Compression.GZIP, s -> Outcome.status(503, "overloaded"));

        DeliveryResult result = sender(transport, policy).deliver(Records.batch(Records.events(20, 25)), status);

        assertThat(result).extracting(DeliveryResult::delivered, DeliveryResult::deadLettered).containsExactly(0, 5);
        assertThat(dlq.offsets()).containsExactly(20L, 21L, 22L, 23L, 24L);
        assertThat(dlq.letters.get(0).reason()).isEqualTo("HTTP_503");
        assertThat(dlq.letters.get(0).errorClass()).isEqualTo("HttpRetriesExhausted");
        assertThat(dlq.letters.get(0).status()).isEqualTo(503);
        assertThat(dlq.letters.get(0).message()).contains("overloaded");
        Duration waited = time.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(waited.minus(time.sleeps.get(time.sleeps.size() - 1))).isLessThan(Duration.ofMinutes(5));
    }

    @Test
    void authFailuresPauseRetrySlowlyAndNeverDeadLetter() throws Exception {
        List<Boolean> authFailingSeen = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        var transport = new ScriptedTransport(Compression.GZIP, s -> {
            authFailingSeen.add(status.authFailing);
            int n = calls.incrementAndGet();
            return n <= 50 ? Outcome.status(n % 2 == 0 ? 401 : 403, "bad token") : Outcome.status(204);
        });

        DeliveryResult result = sender(transport, RetryPolicy.defaults()).deliver(Records.batch(Records.events(0, 4)),
                status);

        assertThat(result.delivered()).isEqualTo(4);
        assertThat(dlq.letters).isEmpty();
        // 50 refusals, each followed by the slow auth retry interval, well past the max elapsed time
        assertThat(time.sleeps).hasSize(50).containsOnly(Duration.ofSeconds(30));
        assertThat(authFailingSeen.subList(1, 51)).containsOnly(true);
        assertThat(status.authFailing).isFalse();
    }

    @Test
    void deadLetterWritesAreRetriedUntilDurable() throws Exception {
        dlq.failuresLeft = 3;
        var transport = new ScriptedTransport(Compression.GZIP, s -> Outcome.status(400, "bad"));

        DeliveryResult result = sender(transport, RetryPolicy.defaults()).deliver(Records.batch(Records.events(7, 8)),
                status);

        assertThat(result.deadLettered()).isEqualTo(1);
        assertThat(dlq.offsets()).containsExactly(7L);
        assertThat(time.sleeps).hasSize(3);
    }

    @Test
    void responsesAreClassifiedAsTheIssueSays() {
        assertThat(BatchSender.classify(200)).isEqualTo(BatchSender.Verdict.DELIVERED);
        assertThat(BatchSender.classify(202)).isEqualTo(BatchSender.Verdict.DELIVERED);
        for (int s : new int[] {408, 429, 500, 502, 503, 504, 599}) {
            assertThat(BatchSender.classify(s)).as("%s", s).isEqualTo(BatchSender.Verdict.RETRY);
        }
        assertThat(BatchSender.classify(413)).isEqualTo(BatchSender.Verdict.TOO_LARGE);
        assertThat(BatchSender.classify(401)).isEqualTo(BatchSender.Verdict.AUTH);
        assertThat(BatchSender.classify(403)).isEqualTo(BatchSender.Verdict.AUTH);
        for (int s : new int[] {400, 404, 409, 422, 501, 301}) {
            assertThat(BatchSender.classify(s)).as("%s", s).isEqualTo(BatchSender.Verdict.REJECTED);
        }
    }
}
