package io.tributary.export.http;

import io.tributary.export.format.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A transport answering from a script; records every request with its decoded lines. */
final class ScriptedTransport implements BatchTransport {
    /** One request as seen by the "server". */
    record Seen(String key, List<String> lines) {
    }

    /** One scripted outcome: a response, or a network error when {@code status} is 0. */
    record Outcome(int status, String retryAfter, String body) {
        static Outcome status(int status) {
            return new Outcome(status, null, "");
        }

        static Outcome status(int status, String body) {
            return new Outcome(status, null, body);
        }

        static Outcome retryAfter(int status, String value) {
            return new Outcome(status, value, "");
        }

        static Outcome networkError() {
            return new Outcome(0, null, "");
        }
    }

    final List<Seen> seen = new ArrayList<>();
    private final Compression compression;
    private final Function<Seen, Outcome> script;

    ScriptedTransport(Compression compression, Function<Seen, Outcome> script) {
        this.compression = compression;
        this.script = script;
    }

    @Override
    public synchronized Response send(Request request) throws IOException {
        Seen s = new Seen(request.idempotencyKey(), decode(request.body()));
        seen.add(s);
        Outcome o = script.apply(s);
        if (o.status() == 0) {
            throw new IOException("connection reset (scripted)");
        }
        return new Response(o.status(), Optional.ofNullable(o.retryAfter()), o.body());
    }

    private List<String> decode(byte[] body) {
        try (InputStream in = compression.decompress(new ByteArrayInputStream(body))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Requests so far, in order. */
    synchronized List<Seen> requests() {
        return new ArrayList<>(seen);
    }
}
