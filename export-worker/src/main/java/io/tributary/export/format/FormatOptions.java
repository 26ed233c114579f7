package io.tributary.export.format;

import java.util.Objects;

/**
 * How formats write files.
 *
 * @param compression the compression (default {@link Compression#ZSTD})
 * @param zstdLevel zstd level, 1 to 22 (default {@value #DEFAULT_ZSTD_LEVEL})
 * @param parquetRowGroupBytes Parquet row group size in bytes, which bounds the memory one Parquet writer
 *     buffers (default {@value #DEFAULT_PARQUET_ROW_GROUP_BYTES})
 */
public record FormatOptions(Compression compression, int zstdLevel, long parquetRowGroupBytes) {
    /** Default zstd level. */
    public static final int DEFAULT_ZSTD_LEVEL = 3;
    /** Default Parquet row group size: 8 MiB. */
    public static final long DEFAULT_PARQUET_ROW_GROUP_BYTES = 8L * 1024 * 1024;

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

    /** zstd level 3 and the default Parquet row group size. */
    public static FormatOptions defaults() {
        return with(Compression.ZSTD);
    }

    /** The given compression with default levels and sizes. */
    public static FormatOptions with(Compression compression) {
        return new FormatOptions(compression, DEFAULT_ZSTD_LEVEL, DEFAULT_PARQUET_ROW_GROUP_BYTES);
    }
}
