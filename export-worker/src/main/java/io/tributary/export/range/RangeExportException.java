package io.tributary.export.range;

import io.tributary.TributaryException;

/**
 * A range export could not complete: the cluster was unreachable, a topic is missing, records were deleted while
 * being read, the output could not be written. Not retriable as such: the export stopped, leaving only complete,
 * manifest-listed flushes behind and its state file untouched, so running the same incremental export again
 * continues where the published manifests end, without gap or overlap.
 */
public class RangeExportException extends TributaryException {
    private static final long serialVersionUID = 1L;

    /** An export failure described by {@code message}. */
    public RangeExportException(String message) {
        super(message);
    }

    /** An export failure caused by {@code cause}, e.g. a Kafka or I/O exception. */
    public RangeExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
