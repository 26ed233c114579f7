package io.tributary.export.core;

import io.tributary.TributaryException;

/**
 * A record value that is not a valid record of its topic. Not retriable: the same bytes fail the same way, so
 * the loop sends the record to the dead-letter topic and moves on.
 */
public final class RecordDecodeException extends TributaryException {
    private static final long serialVersionUID = 1L;
    private final transient DecodeFailure failure;

    public RecordDecodeException(DecodeFailure failure) {
        super(failure.reason() + ": " + failure.message());
        this.failure = failure;
    }

    /** What went wrong, for the dead-letter headers. */
    public DecodeFailure failure() {
        return failure;
    }
}
