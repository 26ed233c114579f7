package io.tributary.sdk;

import io.tributary.TributaryException;

/**
 * A setting of the client is invalid. Not retriable: the same configuration fails the same way. The message
 * names the setting (the environment variable, when the value came from one) and the offending value.
 */
public final class TributaryConfigException extends TributaryException {
    private static final long serialVersionUID = 1L;

    public TributaryConfigException(String message) {
        super(message);
    }

    public TributaryConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
