package io.tributary.export.http;

import io.tributary.export.format.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link BatchTransport} over {@link HttpClient}: HTTP/1.1, no redirects followed (a redirect is a rejection,
 * the body would not be resent), {@code Content-Type: application/x-ndjson}, the matching
 * {@code Content-Encoding}, {@code Idempotency-Key}, and {@code Authorization: Bearer} when a token is set.
 * The token lives only in the request header; nothing here logs.
 */
final class JdkHttpTransport implements BatchTransport {
    static final int SNIPPET_CHARS = 512;
    private static final int MAX_BODY_READ = 64 * 1024;

    private final HttpClient client;
    private final URI endpoint;
    private final Duration requestTimeout;
    private final Compression compression;
    private final TokenSource token;

    JdkHttpTransport(URI endpoint, Duration connectTimeout, Duration requestTimeout, Compression compression,
            TokenSource token) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.endpoint = endpoint;
        this.requestTimeout = requestTimeout;
        this.compression = compression;
        this.token = token;
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                .header("Content-Type", "application/x-ndjson")
                .header("Idempotency-Key", request.idempotencyKey())
                .header("User-Agent", "tributary-export-http")
                .header("X-Tributary-Batch", request.description())
                .header("X-Tributary-Events", Integer.toString(request.events()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (compression != Compression.NONE) {
            builder.header("Content-Encoding", compression.configName());
        }
        Optional<String> bearer = token.current();
        bearer.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(MAX_BODY_READ), StandardCharsets.UTF_8);
        }
        return new Response(response.statusCode(), response.headers().firstValue("Retry-After"),
                snippet(token.redact(body)));
    }

    /** The start of a response body on one line: control characters become spaces. */
    static String snippet(String body) {
        String cut = body.length() > SNIPPET_CHARS ? body.substring(0, SNIPPET_CHARS) + "..." : body;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString().strip();
    }
}
