package io.tributary.bench.export;

import java.util.Locale;

/**
 * One timed export: {@code events} written by {@code exporter} in {@code seconds} (from the moment it could read,
 * i.e. its partitions assigned, to the last event in its output), after {@code startSeconds} of starting up
 * (group join included), with the process CPU time of the timed part and the bytes of its output.
 */
record ExportRun(String exporter, long events, double seconds, double startSeconds, double cpuSeconds, long bytes) {

    /** Events per second of the timed part. */
    double rate() {
        return events / seconds;
    }

    /** One aligned line: rate, times, CPU and output size. */
    String line() {
        return String.format(Locale.ROOT, "%-36s %,10.0f events/s  %6.2f s (+%.2f s start)  CPU %6.2f s  %,14d bytes",
                exporter, rate(), seconds, startSeconds, cpuSeconds, bytes);
    }
}
