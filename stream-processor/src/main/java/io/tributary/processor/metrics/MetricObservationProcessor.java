package io.tributary.processor.metrics;

import io.tributary.processor.time.EventTimeClock;
import io.tributary.processor.time.LagProbe;
import io.tributary.processor.validate.Checked;
import io.tributary.schema.Event;
import io.tributary.schema.ExceptionEvent;
import io.tributary.schema.HttpRequest;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Return;
import io.tributary.schema.SessionStart;
import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * First aggregation step, one per raw partition: turns each valid event into a {@link MetricObservation} and adds
 * it to the partition's partial windows of every size (a changelogged store, so partials commit together with
 * the input offsets). On a wall-clock schedule it sends each partial window to the repartition topic, keyed by
 * its metric key, then publishes the partition's event time (an {@link EventTimeClock}) as a watermark to every
 * partition of that topic.
 *
 * <p>Pre-aggregating here means one repartition record per key, window and schedule tick instead of one per
 * event. Partials always precede the watermark that covers them, so a window never closes before it has every
 * event its partitions saw in time, and its counts and sketch are exactly what per-event records would give.
 * Events are found late (and counted in {@code late_count}) when their partial reaches the second step, at the
 * next tick, rather than at once.
 */
final class MetricObservationProcessor implements Processor<String, Checked, String, MetricPartial> {
    /** Name of a response whose request was never seen. */
    static final String UNMATCHED_ROUTE = "UNMATCHED";
    private static final int EXPIRE_EVERY_PUNCTUATIONS = 60;

    private final long[] sizesMs;
    private final long idleAdvanceMs;
    private final long punctuateMs;
    private final long pendingTtlMs;
    private final LagProbe lag;
    private ProcessorContext<String, MetricPartial> context;
    private PartialWindows partials;
    private KeyValueStore<Integer, Long> clockStore;
    private PendingRequests pending;
    private EventTimeClock clock;
    private int partition;
    private int punctuations;

    MetricObservationProcessor(long[] sizesMs, long idleAdvanceMs, long punctuateMs, long pendingTtlMs, LagProbe lag) {
        this.sizesMs = sizesMs.clone();
        this.lag = lag;
        this.idleAdvanceMs = idleAdvanceMs;
        this.punctuateMs = punctuateMs;
        this.pendingTtlMs = pendingTtlMs;
    }

    @Override
    public void init(ProcessorContext<String, MetricPartial> context) {
        this.context = context;
        this.partials = new PartialWindows(context.getStateStore(MetricsTopology.PARTIALS_STORE), sizesMs);
        this.partition = context.taskId().partition();
        this.clockStore = context.getStateStore(MetricsTopology.CLOCK_STORE);
        this.pending = new PendingRequests(context.getStateStore(MetricsTopology.PENDING_STORE));
        Long restored = clockStore.get(partition);
        this.clock = new EventTimeClock(idleAdvanceMs, restored == null ? EventTimeClock.UNKNOWN : restored,
                context.currentSystemTimeMs());
        context.schedule(Duration.ofMillis(punctuateMs), PunctuationType.WALL_CLOCK_TIME,
                this::publishWatermark);
    }

    @Override
    public void process(Record<String, Checked> record) {
        Event event = record.value().event();
        long eventMs = event.getTsNs() / 1_000_000L;
        clock.observe(eventMs, context.currentSystemTimeMs());
        partials.add(observe(event, eventMs));
    }

    private void publishWatermark(long nowMs) {
        long watermark = clock.current(nowMs, lag.caughtUp(partition));
        // the partials go first: a watermark must never overtake the events it covers
        long partialsTime = Math.max(0, watermark == EventTimeClock.UNKNOWN ? nowMs : watermark);
        partials.drain(w -> context.forward(new Record<>(w.key(), MetricPartial.window(partition,
                w.endMs(), w.sizeMs(), w.counts(), w.bins(), w.binCounts()), partialsTime, new RecordHeaders())));
        if (watermark == EventTimeClock.UNKNOWN) {
            if (clock.idleWithoutData(nowMs)) {
                context.forward(new Record<>("", MetricPartial.watermark(partition, MetricPartial.NO_DATA),
                        nowMs, new RecordHeaders()));
            }
            return;
        }
        clockStore.put(partition, watermark);
        context.forward(new Record<>("", MetricPartial.watermark(partition, watermark), Math.max(0, watermark),
                new RecordHeaders()));
        if (++punctuations % EXPIRE_EVERY_PUNCTUATIONS == 0) {
            pending.expire(watermark - pendingTtlMs);
        }
    }

    private MetricObservation observe(Event e, long eventMs) {
        Object p = e.getPayload();
        return switch (e.getType()) {
            case CALL -> event(e, eventMs, ((io.tributary.schema.Call) p).getFunc(), -1, 0, 0, 0, false);
            case RETURN -> event(e, eventMs, ((Return) p).getFunc(), ((Return) p).getDtNs(), 0, 0, 0, false);
            case EXCEPTION -> event(e, eventMs, ((ExceptionEvent) p).getTypeName(), -1, 0, 0, 0, true);
            case CUSTOM -> event(e, eventMs, ((io.tributary.schema.Custom) p).getName(), -1, 0, 0, 0, false);
            case SESSION_START -> event(e, eventMs, orEmpty(((SessionStart) p).getTag()), -1, 0, 0, 0, false);
            case HTTP_REQUEST -> request(e, eventMs, (HttpRequest) p);
            case HTTP_RESPONSE -> response(e, eventMs, (HttpResponse) p);
        };
    }

    private MetricObservation request(Event e, long eventMs, HttpRequest r) {
        String route = route(r.getMethod(), r.getUrl());
        pending.push(e.getSessionId(), route, eventMs);
        long out = r.getBytesOut() == null ? 0 : r.getBytesOut();
        return event(e, eventMs, route, -1, 0, 0, out, false);
    }

    private MetricObservation response(Event e, long eventMs, HttpResponse r) {
        String paired = pending.pop(e.getSessionId(), eventMs);
        String route = r.getUrl() != null ? route(r.getMethod() == null ? "" : r.getMethod(), r.getUrl())
                : paired != null ? paired : UNMATCHED_ROUTE;
        long in = r.getBytesIn() == null ? 0 : r.getBytesIn();
        boolean error = r.getStatus() >= 500 || r.getError() != null;
        return event(e, eventMs, route, r.getDtNs(), r.getStatus(), in, 0, error);
    }

    private MetricObservation event(Event e, long eventMs, String name, long latencyNs, int status, long bytesIn,
                                    long bytesOut, boolean error) {
        return new MetricObservation(e.getService(), e.getType(), name, eventMs, latencyNs, status, bytesIn, bytesOut,
                error);
    }

    /** {@code METHOD /normalised/route}. */
    static String route(String method, String url) {
        String m = method.toUpperCase(Locale.ROOT);
        String route = RouteNormalizer.normalize(url);
        return m.isEmpty() ? route : m + ' ' + route;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
