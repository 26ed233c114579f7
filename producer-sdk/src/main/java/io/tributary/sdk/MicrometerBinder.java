package io.tributary.sdk;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a client's counters to Micrometer as {@code tributary.sdk.*} meters tagged with the service.
 * Micrometer is an optional dependency of the SDK: only services that use this class need it.
 *
 * <pre>{@code
 * new MicrometerBinder(client).bindTo(registry);
 * }</pre>
 *
 * <p>Meters: counters {@code tributary.sdk.events.received}, {@code .sampled_out}, {@code .sent},
 * {@code .failed}, {@code .truncated}, {@code .spooled}, {@code .replayed}, {@code .dropped} (tag
 * {@code reason}); gauges {@code tributary.sdk.queue.depth}, {@code tributary.sdk.queue.bytes},
 * {@code tributary.sdk.in_flight}, {@code tributary.sdk.spool.events}, {@code tributary.sdk.health} (0
 * healthy, 1 warning, 2 degraded).
 */
public final class MicrometerBinder implements MeterBinder {
    private final TributaryClient client;

    public MicrometerBinder(TributaryClient client) {
        this.client = client;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "received", ClientStats::received);
        counter(registry, "sampled_out", ClientStats::sampledOut);
        counter(registry, "sent", ClientStats::sent);
        counter(registry, "failed", ClientStats::failed);
        counter(registry, "truncated", ClientStats::truncated);
        counter(registry, "spooled", ClientStats::spooledTotal);
        counter(registry, "replayed", ClientStats::replayed);
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder("tributary.sdk.events.dropped", client,
                            c -> c.stats().dropped().getOrDefault(reason, 0L))
                    .tag("service", client.service()).tag("reason", reason.tag())
                    .description("Events lost, by reason").register(registry);
        }
        gauge(registry, "tributary.sdk.queue.depth", s -> s.queueDepth());
        gauge(registry, "tributary.sdk.queue.bytes", s -> s.queueBytes());
        gauge(registry, "tributary.sdk.in_flight", s -> s.inFlight());
        gauge(registry, "tributary.sdk.spool.events", s -> s.spooled());
        Gauge.builder("tributary.sdk.health", client, c -> c.health().ordinal())
                .tag("service", client.service()).register(registry);
    }

    private void counter(MeterRegistry registry, String name, ToDoubleFunction<ClientStats> value) {
        FunctionCounter.builder("tributary.sdk.events." + name, client, c -> value.applyAsDouble(c.stats()))
                .tag("service", client.service()).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, ToDoubleFunction<ClientStats> value) {
        Gauge.builder(name, client, c -> value.applyAsDouble(c.stats())).tag("service", client.service())
                .register(registry);
    }
}
