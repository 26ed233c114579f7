package io.tributary.export.file;

/**
 * One data file of a flush, as its manifest lists it.
 *
 * @param path path relative to the topic directory, with {@code /} separators
 * @param format the format name ({@code ndjson}, ...)
 * @param compression {@code zstd}, {@code gzip} or {@code none}
 * @param eventCount records in the file
 * @param bytes size of the file
 * @param sha256 SHA-256 of the file bytes, lower-case hex
 * @param timeRange event times of its records
 */
public record ManifestFile(String path, String format, String compression, long eventCount, long bytes,
        String sha256, TimeRange timeRange) {
}
