package io.tributary;

/**
 * A failure expected to pass: the same operation may succeed if tried again later, for example a broker or
 * destination that is unreachable for now. Callers retry with backoff instead of giving up on the data.
 */
public class RetriableTributaryException extends TributaryException {
    private static final long serialVersionUID = 1L;

    public RetriableTributaryException(String message) {
        super(message);
    }

    public RetriableTributaryException(String message, Throwable cause) {
        super(message, cause);
    }
}
