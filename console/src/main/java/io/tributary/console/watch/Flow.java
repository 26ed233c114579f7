package io.tributary.console.watch;

import java.util.EnumMap;
import java.util.Map;

/**
 * Events per stage of the pipeline, each a {@link RateSeries}. The stages read directly are counted where they
 * are read; {@code VALID} and {@code DROPPED} are derived from them by {@link io.tributary.console.ConsoleApi#flow}.
 */
public final class Flow {
    /** The stages read directly. */
    public enum Stage {
        /** Records on the raw topic. */
        RAW,
        /** Dead letters the processor wrote (their source is the raw topic). */
        DLQ,
        /** Dead letters an exporter wrote (an endpoint refused the events). */
        DLQ_EXPORT,
        /** Events the sampler kept: records on the sampled topic. */
        KEPT,
        /** Events written to files, from the export manifests. */
        EXPORTED,
        /** Events an HTTP exporter delivered, from its metrics. */
        FORWARDED
    }

    private final Map<Stage, RateSeries> series = new EnumMap<>(Stage.class);

    public Flow() {
        for (Stage s : Stage.values()) {
            series.put(s, new RateSeries());
        }
    }

    public RateSeries get(Stage stage) {
        return series.get(stage);
    }

    /** Counts {@code n} events of a stage at a time. */
    public void add(Stage stage, long timeMs, long n) {
        series.get(stage).add(timeMs, n);
    }
}
