package io.tributary.export.core;

import io.tributary.RetriableTributaryException;

/**
 * Writing to an export destination failed: a full disk, an unwritable directory, an unreachable endpoint.
 * Retriable: the condition is expected to pass, so the exporter pauses the partition, discards the unfinished
 * flush, and tries again from the last published offset after a backoff. Nothing is committed meanwhile.
 */
public class ExportIoException extends RetriableTributaryException {
    private static final long serialVersionUID = 1L;

    public ExportIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
