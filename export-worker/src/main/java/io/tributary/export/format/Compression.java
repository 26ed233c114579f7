package io.tributary.export.format;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Compression of an export file. Text formats (NDJSON, JSON, CSV) compress the whole file and carry the
 * matching suffix ({@code .zst}, {@code .gz}), which DuckDB, Spark and pandas recognise. Avro and Parquet
 * compress inside the file with their own codecs and keep their plain extensions.
 */
public enum Compression {
    /** Zstandard, the default (level 3 unless configured). */
    ZSTD(".zst"),
    /** gzip (DEFLATE), for tools that lack zstd. */
    GZIP(".gz"),
    /** No compression. */
    NONE("");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    /** The file-name suffix a text format appends: {@code .zst}, {@code .gz} or nothing. */
    public String suffix() {
        return suffix;
    }

    /** The lower-case name used in configuration and manifests ({@code zstd}, {@code gzip}, {@code none}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configuration name, case-insensitively.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Compression fromName(String name) {
        for (Compression c : values()) {
            if (c.configName().equalsIgnoreCase(name.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + name + "', expected zstd, gzip or none");
    }

    /**
     * Wraps a sink so that bytes written to the result arrive compressed; closing the result closes the sink.
     *
     * @param zstdLevel the zstd level (one frame, streamed)
     * @param gzipLevel the DEFLATE level gzip compresses with, 1 to 9 or {@link Deflater#DEFAULT_COMPRESSION}
     */
    public OutputStream compress(OutputStream sink, int zstdLevel, int gzipLevel) throws IOException {
        switch (this) {
            case ZSTD:
                return new ZstdOutputStream(sink, zstdLevel);
            case GZIP:
                return gzip(sink, gzipLevel);
            default:
                return sink;
        }
    }

    /** Wraps a source of compressed bytes so that reading the result yields the original bytes. */
    public InputStream decompress(InputStream source) throws IOException {
        switch (this) {
            case ZSTD:
                return new ZstdInputStream(source);
            case GZIP:
                return new GZIPInputStream(source, 64 * 1024);
            default:
                return source;
        }
    }

    /** Wraps a sink in gzip at {@code level} (1 to 9, or {@link Deflater#DEFAULT_COMPRESSION}). */
    public static OutputStream gzip(OutputStream sink, int level) throws IOException {
        return new LeveledGzipOutputStream(sink, level);
    }

    /** gzip at a chosen level: {@link GZIPOutputStream} keeps zlib's default, 6, unless its deflater is told. */
    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(OutputStream sink, int level) throws IOException {
            super(sink, 64 * 1024);
            def.setLevel(level);
        }
    }
}
