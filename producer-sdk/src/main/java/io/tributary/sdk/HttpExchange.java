package io.tributary.sdk;

import java.util.Map;

/** An outgoing HTTP request recorded by {@link Session#httpRequest}, waiting for its response. */
public final class HttpExchange {
    private final Session session;
    private final String method;
    private final String url;
    private final long startNanoTime;

    HttpExchange(Session session, String method, String url, long startNanoTime) {
        this.session = session;
        this.method = method;
        this.url = url;
        this.startNanoTime = startNanoTime;
    }

    /**
     * Records the response with the time since the request.
     *
     * @param status the HTTP status
     * @param headers response headers to record, or null
     * @param bytesIn response body size, or -1 when unknown
     */
    public void response(int status, Map<String, String> headers, long bytesIn) {
        session.client().httpResponse(session, method, url, status, System.nanoTime() - startNanoTime, headers,
                bytesIn, null);
    }

    /** Records a request that failed without a response (connection refused, timeout); status 599 is used. */
    public void failed(Throwable error) {
        session.client().httpResponse(session, method, url, 599, System.nanoTime() - startNanoTime, null, -1,
                error.getClass().getName() + ": " + error.getMessage());
    }
}
