package io.tributary.export.storage.s3;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link S3Storage} reaches its bucket. Credentials are not here: they come from the SDK's default provider
 * chain (system properties, {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, the profile file, web
 * identity, container and instance roles).
 *
 * @param location bucket and prefix
 * @param region the region; null for the SDK's default region chain ({@code AWS_REGION}, profile, instance),
 *     {@code us-east-1} when that finds none
 * @param endpoint an endpoint override for S3-compatible stores (MinIO, Ceph, R2) or tests; null for AWS
 * @param pathStyle path-style requests ({@code endpoint/bucket/key}), which most S3-compatible stores need
 * @param storageClass the storage class of data objects, e.g. {@code STANDARD_IA}; null for the bucket default
 * @param encryption server-side encryption of every object
 * @param kmsKeyId the KMS key id or ARN for {@link Encryption#SSE_KMS}; null for the AWS-managed key
 * @param partBytes size of one part buffer, at least 5 MiB (S3's minimum part size)
 * @param partPool number of part buffers shared by all uploads: memory is {@code partBytes × partPool} at most
 * @param maxAttempts attempts per request, the first included, for throttling (503 SlowDown), 5xx and network
 *     errors, with exponential backoff and jitter
 */
public record S3Settings(S3Location location, String region, URI endpoint, boolean pathStyle, String storageClass,
        Encryption encryption, String kmsKeyId, int partBytes, int partPool, int maxAttempts) {
    /** S3's smallest part, except the last. */
    public static final int MIN_PART_BYTES = 5 * 1024 * 1024;
    /** Default part size: 8 MiB. */
    public static final int DEFAULT_PART_BYTES = 8 * 1024 * 1024;
    /** Default number of part buffers: 8 (64 MiB with the default part size). */
    public static final int DEFAULT_PART_POOL = 8;
    /** Default attempts per request. */
    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    /** Server-side encryption. */
    public enum Encryption {
        /** The bucket's default. */
        NONE,
        /** SSE-S3: {@code AES256}, keys managed by S3. */
        SSE_S3,
        /** SSE-KMS: {@code aws:kms}, with {@link S3Settings#kmsKeyId()} or the AWS-managed key. */
        SSE_KMS;

        /** Parses {@code none}, {@code sse-s3} or {@code sse-kms}. */
        public static Encryption fromName(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public S3Settings {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(encryption, "encryption");
        region = blankToNull(region);
        storageClass = blankToNull(storageClass);
        kmsKeyId = blankToNull(kmsKeyId);
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("partBytes must be at least " + MIN_PART_BYTES + ", got " + partBytes);
        }
        if (partPool < 1) {
            throw new IllegalArgumentException("partPool must be at least 1, got " + partPool);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /** Defaults for {@code location}: AWS, default region chain, 8 × 8 MiB parts, no explicit encryption. */
    public static S3Settings defaults(S3Location location) {
        return new S3Settings(location, null, null, false, null, Encryption.NONE, null, DEFAULT_PART_BYTES,
                DEFAULT_PART_POOL, DEFAULT_MAX_ATTEMPTS);
    }

    /** These settings with an endpoint override and path-style access, as S3-compatible stores want. */
    public S3Settings withEndpoint(URI endpoint, boolean pathStyle) {
        return new S3Settings(location, region, endpoint, pathStyle, storageClass, encryption, kmsKeyId, partBytes,
                partPool, maxAttempts);
    }

    /** These settings with another part pool. */
    public S3Settings withParts(int partBytes, int partPool) {
        return new S3Settings(location, region, endpoint, pathStyle, storageClass, encryption, kmsKeyId, partBytes,
                partPool, maxAttempts);
    }

    /** These settings with another region. */
    public S3Settings withRegion(String region) {
        return new S3Settings(location, region, endpoint, pathStyle, storageClass, encryption, kmsKeyId, partBytes,
                partPool, maxAttempts);
    }

    /** These settings with another number of attempts per request. */
    public S3Settings withMaxAttempts(int maxAttempts) {
        return new S3Settings(location, region, endpoint, pathStyle, storageClass, encryption, kmsKeyId, partBytes,
                partPool, maxAttempts);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
