package io.tributary.export.format;

import java.util.Objects;

/**
 * How formats write files.
 *
 * @param compression the compression (default {@link Compression#ZSTD})
 * @param zstdLevel zstd level, 1 to 22 (default {@value #DEFAULT_ZSTD_LEVEL})
 * @param parquetRowGroupBytes Parquet row group size in bytes, which bounds the memory one Parquet writer
 *     buffers (default {@value #DEFAULT_PARQUET_ROW_GROUP_BYTES})
 * @param csvEscapeFormulas whether CSV text cells starting with {@code =}, {@code +}, {@code -}, {@code @}, tab or
 *     carriage return get a leading {@code '} so that spreadsheets show them as text (default
 *     {@value #DEFAULT_CSV_ESCAPE_FORMULAS}); other formats ignore it
 */
public record FormatOptions(Compression compression, int zstdLevel, long parquetRowGroupBytes,
        boolean csvEscapeFormulas) {
    /** Default zstd level. */
    public static final int DEFAULT_ZSTD_LEVEL = 3;
    /** Default Parquet row group size: 8 MiB. */
    public static final long DEFAULT_PARQUET_ROW_GROUP_BYTES = 8L * 1024 * 1024;
    /** CSV formula escaping is on by default. */
    public static final boolean DEFAULT_CSV_ESCAPE_FORMULAS = true;

    public FormatOptions {
        Objects.requireNonNull(compression, "compression");
        if (zstdLevel < 1 || zstdLevel > 22) {
            throw new IllegalArgumentException("zstdLevel must be 1 to 22, got " + zstdLevel);
        }
        if (parquetRowGroupBytes < 64 * 1024) {
            throw new IllegalArgumentException("parquetRowGroupBytes must be at least 65536, got "
                    + parquetRowGroupBytes);
        }
    }

    /** zstd level 3, the default Parquet row group size and CSV formula escaping. */
    public static FormatOptions defaults() {
        return with(Compression.ZSTD);
    }

    /** The given compression with default levels, sizes and CSV formula escaping. */
    public static FormatOptions with(Compression compression) {
        return new FormatOptions(compression, DEFAULT_ZSTD_LEVEL, DEFAULT_PARQUET_ROW_GROUP_BYTES,
                DEFAULT_CSV_ESCAPE_FORMULAS);
    }

    /** These options with CSV formula escaping on or off. */
    public FormatOptions withCsvEscapeFormulas(boolean escape) {
        return new FormatOptions(compression, zstdLevel, parquetRowGroupBytes, escape);
    }
}
