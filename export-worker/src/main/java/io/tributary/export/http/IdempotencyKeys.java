package io.tributary.export.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code Idempotency-Key} of a batch: a pure function of topic, partition and the offsets of its first and
 * last record, so every retry, every worker and every restart that sends those records sends the same key.
 * 32 hex digits (the first 128 bits of a SHA-256), since receivers limit key length and topic names may be
 * long.
 */
final class IdempotencyKeys {
    private IdempotencyKeys() {
    }

    static String of(String topic, int partition, long firstOffset, long lastOffset) {
        String identity = "tributary-http-v1\n" + topic + '\n' + partition + '\n' + firstOffset + '\n' + lastOffset;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
