package io.tributary.processor.sessions;

import static io.tributary.processor.TopologyFixture.BASE_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.processor.Events;
import io.tributary.processor.TopologyFixture;
import io.tributary.schema.SessionSummary;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionSummaryTest {
    private final TopologyFixture fx = new TopologyFixture();   // gap 60 s, grace 0

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void aSessionIsSummarisedOnceItsGapHasPassed() {
        fx.pipe(List.of(
                Events.sessionStart("shop", "s1", "cron", BASE_MS),
                Events.call("shop", "s1", "f", BASE_MS + 10),
                Events.ret("shop", "s1", "f", BASE_MS + 20, 10),
                Events.call("shop", "s1", "g", BASE_MS + 30),
                Events.request("shop", "s1", "GET", "/x/1", BASE_MS + 40, 1),
                Events.response("shop", "s1", 502, BASE_MS + 50, 10, 1),
                Events.request("shop", "s1", "GET", "/x/2", BASE_MS + 60, 1),
                Events.response("shop", "s1", 200, BASE_MS + 70, 10, 1),
                Events.exception("shop", "s1", "ValueError", BASE_MS + 5_000)));
        fx.pipe(List.of(Events.call("shop", "s2", "f", BASE_MS + 30_000)));
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(fx.sessions.isEmpty()).isTrue();
        // s2 moves event time past s1's last event + 60 s gap
        fx.pipe(List.of(Events.call("shop", "s2", "f", BASE_MS + 65_001)));
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        SessionSummary s1 = fx.sessions.readValue();
        assertThat(s1.getSessionId()).isEqualTo("s1");
        assertThat(s1.getService()).isEqualTo("shop");
        assertThat(s1.getTag()).isEqualTo("cron");
        assertThat(s1.getStartNs()).isEqualTo(BASE_MS * 1_000_000);
        assertThat(s1.getDurationNs()).isEqualTo(5_000L * 1_000_000);
        assertThat(s1.getEventCount()).isEqualTo(9);
        assertThat(s1.getCalls()).isEqualTo(2);
        assertThat(s1.getExceptions()).isEqualTo(1);
        assertThat(s1.getHttpCalls()).isEqualTo(2);
        assertThat(s1.getErrorStatuses()).isEqualTo(1);
        assertThat(fx.sessions.isEmpty()).isTrue();
    }

    @Test
    void anEventAfterTheGapStartsANewSessionAndQuietPartitionsStillClose() {
        fx.pipe(List.of(Events.call("shop", "s1", "f", BASE_MS), Events.call("shop", "s1", "f", BASE_MS + 61_000)));
        SessionSummary first = fx.sessions.readValue();
        assertThat(first.getEventCount()).isEqualTo(1);
        assertThat(fx.sessions.isEmpty()).isTrue();
        // no more traffic: event time follows the wall clock after the 2 s idle advance
        fx.advanceWallClock(Duration.ofSeconds(64));
        SessionSummary second = fx.sessions.readValue();
        assertThat(second.getStartNs()).isEqualTo((BASE_MS + 61_000) * 1_000_000);
        assertThat(second.getEventCount()).isEqualTo(1);
    }
}
