package io.tributary.sdk;

import java.io.IOException;

/**
 * A failure of {@link DiskSpool#append} (an I/O error, or anything else thrown while writing) that says how
 * many of the events were appended before it.
 */
final class SpoolWriteException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int appended;

    SpoolWriteException(int appended, Throwable cause) {
        super(cause.toString(), cause);
        this.appended = appended;
    }

    /** How many of the events, the first ones, were appended and counted as spooled. */
    int appended() {
        return appended;
    }
}
