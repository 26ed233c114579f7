package io.tributary.export.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.export.core.ExportMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters of the HTTP exporter: the shared {@link ExportMetrics} with {@code exporter=http} (records written
 * are events the endpoint accepted, bytes are compressed request bodies, flushes are accepted requests), plus
 * {@code tributary.export.http.responses} by {@code status} ({@code 2xx}, {@code 429}, {@code io-error}, ...)
 * and {@code tributary.export.http.retries} by {@code topic}. No tag or value ever holds the token or URL.
 * Thread-safe.
 */
final class HttpExportMetrics {
    private final ExportMetrics shared;
    private final Map<String, Counter> responses = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();

    HttpExportMetrics(MeterRegistry registry) {
        this.shared = new ExportMetrics(registry, "http");
    }

    ExportMetrics shared() {
        return shared;
    }

    MeterRegistry registry() {
        return shared.registry();
    }

    void delivered(String topic, int events, long bodyBytes) {
        shared.written(topic, events, bodyBytes);
    }

    void deadLettered(String topic, int records) {
        for (int i = 0; i < records; i++) {
            shared.deadLettered(topic);
        }
    }

    void retried(String topic) {
        shared.flushFailed(topic);
        retries.computeIfAbsent(topic, t -> Counter.builder("tributary.export.http.retries")
                .description("request attempts that failed and will be retried").tag("topic", t)
                .register(registry())).increment();
    }

    void response(int status) {
        String label = status <= 0 ? "io-error" : status / 100 == 2 ? "2xx" : Integer.toString(status);
        responses.computeIfAbsent(label, l -> Counter.builder("tributary.export.http.responses")
                .description("responses from the endpoint by status").tag("status", l).register(registry()))
                .increment();
    }
}
