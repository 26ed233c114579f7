package io.tributary;

/**
 * Root of every exception Tributary throws on purpose.
 *
 * <p>Subclasses say whether retrying the same operation can succeed: a {@link RetriableTributaryException}
 * reports a condition expected to pass (a broker that is restarting, a destination that throttles); any
 * other subclass reports a problem with the input or the configuration that the same call will hit again.
 */
public class TributaryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TributaryException(String message) {
        super(message);
    }

    public TributaryException(String message, Throwable cause) {
        super(message, cause);
    }
}
