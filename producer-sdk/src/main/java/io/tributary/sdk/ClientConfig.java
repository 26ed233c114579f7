package io.tributary.sdk;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** The immutable settings a {@link TributaryClientBuilder} produced. */
record ClientConfig(
        String bootstrapServers,
        String service,
        String topicPrefix,
        double sampleRate,
        long maxBufferEvents,
        long maxBufferBytes,
        BackpressurePolicy backpressure,
        int maxStringLength,
        int maxAttrs,
        int maxEventBytes,
        Path spoolDir,
        long spoolMaxBytes,
        long spoolSegmentBytes,
        Duration probeInterval,
        long maxInFlight,
        int senderThreads,
        Map<String, Object> kafka,
        Clock clock) {
}
