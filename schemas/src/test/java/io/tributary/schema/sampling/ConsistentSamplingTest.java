package io.tributary.schema.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsistentSamplingTest {

    @Test
    void keepsTheRequestedShareOfSessions() {
        int kept = 0;
        int sessions = 200_000;
        for (int i = 0; i < sessions; i++) {
            if (ConsistentSampling.keeps("sess_" + Integer.toHexString(i * 7919), 0.1)) {
                kept++;
            }
        }
        assertThat(kept / (double) sessions).isBetween(0.095, 0.105);
    }

    @Test
    void aSessionKeptAtALowRateIsKeptAtEveryHigherRate() {
        for (int i = 0; i < 10_000; i++) {
            String id = "s" + i;
            if (ConsistentSampling.keeps(id, 0.05)) {
                assertThat(ConsistentSampling.keeps(id, 0.5)).isTrue();
            }
        }
        assertThat(ConsistentSampling.keeps("any", 1.0)).isTrue();
        assertThat(ConsistentSampling.keeps("any", 0.0)).isFalse();
    }

    @Test
    void positionIsStableAndInRange() {
        double p = ConsistentSampling.position("sess_6513270e269e0d37");
        assertThat(p).isEqualTo(ConsistentSampling.position("sess_6513270e269e0d37")).isBetween(0.0, 1.0);
        assertThat(p).isNotEqualTo(ConsistentSampling.position("sess_6513270e269e0d38"));
    }
}
