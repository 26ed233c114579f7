package io.tributary.sdk;

import java.util.concurrent.ThreadLocalRandom;

/** Random identifiers: session ids and W3C trace and span ids. Fast, not cryptographic. */
final class Ids {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    static String sessionId() {
        return "sess_" + hex(ThreadLocalRandom.current().nextLong(), 16);
    }

    static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return hex(random.nextLong(), 16) + hex(random.nextLong(), 16);
    }

    static String spanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0); // an all-zero span id is invalid in W3C trace context
        return hex(id, 16);
    }

    /** Random bits for a version-4 UUID: {high, low}. */
    static long uuidHigh(ThreadLocalRandom random) {
        return (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    }

    static long uuidLow(ThreadLocalRandom random) {
        return (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    }

    /**
     * The trace id of a W3C {@code traceparent} header ({@code 00-<32 hex>-<16 hex>-<2 hex>}), or null when
     * the header is absent or malformed.
     */
    static String traceIdOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.strip().split("-");
        if (parts.length < 4 || parts[1].length() != 32 || !isHex(parts[1]) || parts[1].equals("0".repeat(32))) {
            return null;
        }
        return parts[1];
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static String hex(long value, int digits) {
        char[] out = new char[digits];
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
        return new String(out);
    }
}
