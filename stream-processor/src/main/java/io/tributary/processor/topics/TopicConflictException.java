package io.tributary.processor.topics;

import io.tributary.TributaryException;

/**
 * An existing topic that the processor cannot use as it is (e.g. {@code sampling.rules} without compaction).
 * Not retriable: an operator has to fix the topic or the configuration first.
 */
public final class TopicConflictException extends TributaryException {
    private static final long serialVersionUID = 1L;

    /** A conflict described by {@code message}, which names the topic and what to change. */
    public TopicConflictException(String message) {
        super(message);
    }
}
