package io.tributary.schema.sampling;

import java.nio.charset.StandardCharsets;

/**
 * The one sampling decision every Tributary component shares: a session is kept at rate {@code r} when the
 * 64-bit hash of its id, read as a fraction of 2^64, is below {@code r}. The SDK (sampling at source) and the
 * stream processor use the same function, so a session is kept or dropped whole, and a session kept at rate
 * 0.1 is also kept at every higher rate.
 *
 * <p>The hash is FNV-1a over the UTF-8 bytes, finished with the SplitMix64 mixer so that ids differing in
 * one character land far apart. It is part of the platform's contract: changing it changes which sessions
 * every deployed producer keeps.
 */
public final class ConsistentSampling {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final double TWO_POW_64 = 18446744073709551616.0;

    private ConsistentSampling() {
    }

    /** The session's position in [0, 1). */
    public static double position(String sessionId) {
        long h = FNV_OFFSET;
        byte[] bytes = sessionId.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        h = mix(h);
        double unsigned = (h >>> 1) * 2.0 + (h & 1);
        return unsigned / TWO_POW_64;
    }

    /** True when a session with this id is kept at {@code rate} (1.0 keeps all, 0.0 none). */
    public static boolean keeps(String sessionId, double rate) {
        if (rate >= 1.0) {
            return true;
        }
        if (rate <= 0.0) {
            return false;
        }
        return position(sessionId) < rate;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
