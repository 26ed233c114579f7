package io.tributary.export.http;

import java.io.IOException;
import java.util.Optional;

/** Sends one request to the endpoint. The JDK implementation is {@link JdkHttpTransport}; tests script one. */
interface BatchTransport {

    /**
     * POSTs one body.
     *
     * @throws IOException on a network error or timeout (retried)
     * @throws InterruptedException when the sending thread is interrupted (shutdown, revocation)
     */
    Response send(Request request) throws IOException, InterruptedException;

    /**
     * One request.
     *
     * @param idempotencyKey the batch's key, see {@link IdempotencyKeys}
     * @param body the compressed NDJSON body
     * @param events number of lines in the body
     * @param description where the batch comes from, e.g. {@code topic-0@10..19}, for the receiver's logs
     */
    record Request(String idempotencyKey, byte[] body, int events, String description) {
    }

    /**
     * One response.
     *
     * @param status HTTP status
     * @param retryAfter the {@code Retry-After} header, if any
     * @param snippet the start of the body, for logs and dead-letter headers (token redacted)
     */
    record Response(int status, Optional<String> retryAfter, String snippet) {
    }
}
