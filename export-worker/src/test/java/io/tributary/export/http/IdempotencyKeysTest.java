package io.tributary.export.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {
    @Test
    void aPureFunctionOfTopicPartitionAndOffsetRange() {
        String key = IdempotencyKeys.of("tributary.events.sampled", 2, 1000, 1999);
        assertThat(key).isEqualTo(IdempotencyKeys.of("tributary.events.sampled", 2, 1000, 1999))
                .matches("[0-9a-f]{32}");
        assertThat(Set.of(key,
                IdempotencyKeys.of("tributary.events.sampled2", 2, 1000, 1999),
                IdempotencyKeys.of("tributary.events.sampled", 3, 1000, 1999),
                IdempotencyKeys.of("tributary.events.sampled", 2, 1001, 1999),
                IdempotencyKeys.of("tributary.events.sampled", 2, 1000, 1998),
                // no ambiguity from concatenation
                IdempotencyKeys.of("tributary.events.sampled", 21, 0, 1999))).hasSize(6);
    }

    @Test
    void theInFlightIntentRoundTripsThroughCommitMetadata() {
        BatchIntent intent = new BatchIntent(17, 4242);
        assertThat(BatchIntent.parse(intent.metadata())).contains(intent);
        assertThat(BatchIntent.parse("")).isEmpty();
        assertThat(BatchIntent.parse(null)).isEmpty();
        assertThat(BatchIntent.parse("tributary.http.inflight:9-3")).isEmpty();
        assertThat(BatchIntent.parse("tributary.http.inflight:x")).isEmpty();
        assertThat(BatchIntent.parse("manifest:whatever")).isEmpty();
    }
}
