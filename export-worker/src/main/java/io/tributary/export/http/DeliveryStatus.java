package io.tributary.export.http;

/**
 * What a partition's delivery is going through, written by the sending thread and read by the consumer loop
 * (to pause the partition and report health) and by metrics.
 */
final class DeliveryStatus {
    /** The endpoint answers 401 or 403: the partition is paused until the token is accepted. */
    volatile boolean authFailing;
    /** A batch outlived the max elapsed retry time and blocks the partition. */
    volatile boolean blocked;
    /** Consecutive failed attempts of the batch being sent. */
    volatile int failures;

    boolean degraded() {
        return authFailing || blocked;
    }
}
