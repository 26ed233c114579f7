package io.tributary.export.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A worker's meters as tests read them: zero until the meter exists. */
public final class WorkerMeters {
    private WorkerMeters() {
    }

    /** {@code tributary.export.partitions.assigned}. */
    public static double assigned(SimpleMeterRegistry registry) {
        var gauge = registry.find("tributary.export.partitions.assigned").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    /** {@code tributary.export.records.written}. */
    public static double written(SimpleMeterRegistry registry) {
        var counter = registry.find("tributary.export.records.written").counter();
        return counter == null ? 0 : counter.count();
    }
}
