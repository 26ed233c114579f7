package io.tributary.sdk;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * One unit of work of a service (a request, a job run), started with {@link TributaryClient#startSession}.
 * Its events share the session id, which is also the Kafka record key, so they stay in order. Thread-safe.
 *
 * <pre>{@code
 * Session session = client.startSession("web", Map.of("route", "/checkout"));
 * try (CallScope call = session.call("charge", "billing", "Billing.java", 42)) {
 *     charge(order);
 * } // records the call, then the return with its duration
 * int total = session.record("sum", () -> sum(items)); // records an exception too, and rethrows it
 * }</pre>
 */
public final class Session {
    private final TributaryClient client;
    private final String id;
    private final String traceId;
    private final String spanId;

    Session(TributaryClient client, String id, String traceId, String spanId) {
        this.client = client;
        this.id = id;
        this.traceId = traceId;
        this.spanId = spanId;
    }

    /** The session id, e.g. {@code sess_6513270e269e0d37}. */
    public String id() {
        return id;
    }

    /** The W3C trace id the session's events carry. */
    public String traceId() {
        return traceId;
    }

    /** The W3C span id of this session. */
    public String spanId() {
        return spanId;
    }

    /** A {@code traceparent} header value for calls this session makes to other services. */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    /** Records a call now; closing the scope records its return. Never throws for a full buffer. */
    public CallScope call(String func, String module, String file, int line) {
        return call(func, module, file, line, null);
    }

    /**
     * Records a call now with a preview of its arguments (a map, list, string or number; rendered as JSON and
     * truncated to the limits); closing the scope records its return.
     */
    public CallScope call(String func, String module, String file, int line, Object argsPreview) {
        Objects.requireNonNull(func, "func");
        long t0 = client.nowNanos();
        client.call(this, func, module, file, line, t0, argsPreview);
        return new CallScope(this, func, t0, System.nanoTime());
    }

    /** Runs the callable inside a call scope: records the call, the return, and any exception (rethrown). */
    public <T> T record(String func, Callable<T> work) throws Exception {
        try (CallScope call = call(func, null, null, 0)) {
            try {
                return work.call();
            } catch (Exception | Error e) {
                call.fail(e);
                throw e;
            }
        }
    }

    /** Records an exception raised in {@code func}. */
    public void exception(String func, Throwable error) {
        client.exception(this, func, error.getClass().getName(), error.getMessage());
    }

    /**
     * Records an outgoing HTTP request now; call {@link HttpExchange#response} when the answer arrives.
     *
     * @param headers request headers to record, or null (they are truncated to the limits)
     * @param bytesOut request body size, or -1 when unknown
     */
    public HttpExchange httpRequest(String method, String url, Map<String, String> headers, long bytesOut) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        long t0 = client.nowNanos();
        client.httpRequest(this, method, url, t0, headers, bytesOut);
        return new HttpExchange(this, method, url, System.nanoTime());
    }

    TributaryClient client() {
        return client;
    }
}
