package io.tributary.export.storage.s3;

import java.util.Objects;

/**
 * A bucket and a key prefix: {@code s3://bucket/prefix}. The prefix has no leading or trailing {@code /} and may
 * be empty (the bucket's root).
 *
 * @param bucket the bucket name
 * @param prefix the key prefix under which the export lives, without slashes at its ends
 */
public record S3Location(String bucket, String prefix) {
    /** The URI scheme, {@code s3://}. */
    public static final String SCHEME = "s3://";

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        if (bucket.isBlank() || bucket.contains("/")) {
            throw new IllegalArgumentException("not a bucket name: '" + bucket + "'");
        }
        prefix = trimSlashes(Objects.requireNonNull(prefix, "prefix"));
    }

    /** Whether {@code location} is an {@code s3://} URI. */
    public static boolean isS3(String location) {
        return location != null && location.startsWith(SCHEME);
    }

    /**
     * Parses {@code s3://bucket[/prefix]}.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static S3Location parse(String uri) {
        if (!isS3(uri)) {
            throw new IllegalArgumentException("not an s3:// location: '" + uri + "'");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new S3Location(rest, "") : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The key of a storage name. */
    String key(String name) {
        return prefix.isEmpty() ? name : name.isEmpty() ? prefix : prefix + '/' + name;
    }

    /** The storage name of a key under the prefix. */
    String name(String key) {
        return prefix.isEmpty() ? key : key.substring(Math.min(key.length(), prefix.length() + 1));
    }

    /** The key prefix to list for a name prefix. */
    String keyPrefix(String namePrefix) {
        return prefix.isEmpty() ? namePrefix : prefix + '/' + namePrefix;
    }

    @Override
    public String toString() {
        return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }
}
