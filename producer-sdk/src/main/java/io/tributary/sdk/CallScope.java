package io.tributary.sdk;

/**
 * An open call, from {@link Session#call}. Closing it records the return with its duration; if
 * {@link #fail} was called, it records the exception first. Not thread-safe: close it on one thread.
 */
public final class CallScope implements AutoCloseable {
    private final Session session;
    private final String func;
    private final long startNanoTime;
    private Throwable failure;
    private boolean closed;

    CallScope(Session session, String func, long t0Ns, long startNanoTime) {
        this.session = session;
        this.func = func;
        this.startNanoTime = startNanoTime;
    }

    /** Marks the call as failed; the exception is recorded when the scope closes. */
    public void fail(Throwable error) {
        this.failure = error;
    }

    /** Records the return (and the exception, if any). Closing twice records once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long dt = System.nanoTime() - startNanoTime;
        if (failure != null) {
            session.exception(func, failure);
        }
        session.client().ret(session, func, dt, null);
    }
}
