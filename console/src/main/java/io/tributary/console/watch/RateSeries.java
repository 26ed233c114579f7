package io.tributary.console.watch;

/**
 * A count by second over the last {@value #SECONDS} seconds, plus its total since the console started watching:
 * what one stage of the flow view shows as its rate and sparkline. Thread-safe.
 */
public final class RateSeries {
    /** How far back the series reaches: 15 minutes. */
    public static final int SECONDS = 900;

    private final long[] counts = new long[SECONDS];
    private final long[] seconds = new long[SECONDS];
    private long total;

    /** Counts {@code n} at the given time (epoch milliseconds); a time older than the window adds to the total only. */
    public synchronized void add(long timeMs, long n) {
        total += n;
        long second = Math.floorDiv(timeMs, 1000);
        int slot = (int) Math.floorMod(second, SECONDS);
        if (seconds[slot] != second) {
            if (seconds[slot] > second) {
                return;
            }
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += n;
    }

    public synchronized long total() {
        return total;
    }

    /** Events per second over the {@code span} full seconds before {@code nowMs}. */
    public synchronized double rate(long nowMs, int span) {
        long now = Math.floorDiv(nowMs, 1000);
        long sum = 0;
        for (long s = now - span; s < now; s++) {
            sum += at(s);
        }
        return sum / (double) span;
    }

    /**
     * {@code buckets} sums of {@code bucketSeconds} seconds each, oldest first, the last one ending at
     * {@code nowMs}: a sparkline.
     */
    public synchronized long[] sparkline(long nowMs, int bucketSeconds, int buckets) {
        long[] line = new long[buckets];
        long end = Math.floorDiv(nowMs, 1000);
        for (int b = 0; b < buckets; b++) {
            long first = end - (long) (buckets - b) * bucketSeconds + 1;
            for (long s = first; s < first + bucketSeconds; s++) {
                line[b] += at(s);
            }
        }
        return line;
    }

    private long at(long second) {
        int slot = (int) Math.floorMod(second, SECONDS);
        return seconds[slot] == second ? counts[slot] : 0;
    }
}
