package io.tributary.export.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file format of the exporter. Each format knows its file extension, how to write a file as a stream and
 * how to read one back to count and check its records (used by {@code verify}).
 *
 * <table>
 *   <caption>Formats and their file names</caption>
 *   <tr><th>name</th><th>extension (zstd / gzip / none)</th><th>compression</th></tr>
 *   <tr><td>{@code ndjson}</td><td>{@code .ndjson.zst} / {@code .ndjson.gz} / {@code .ndjson}</td><td>whole file</td></tr>
 *   <tr><td>{@code json}</td><td>{@code .json.zst} / {@code .json.gz} / {@code .json}</td><td>whole file</td></tr>
 *   <tr><td>{@code csv}</td><td>{@code .csv.zst} / {@code .csv.gz} / {@code .csv}</td><td>whole file</td></tr>
 *   <tr><td>{@code avro}</td><td>{@code .avro}</td><td>container codec zstandard / deflate / null</td></tr>
 *   <tr><td>{@code parquet}</td><td>{@code .parquet}</td><td>page codec ZSTD / GZIP / UNCOMPRESSED</td></tr>
 * </table>
 */
public interface ExportFormat {
    /** The configuration name: {@code ndjson}, {@code json}, {@code csv}, {@code avro} or {@code parquet}. */
    String name();

    /** The compression this instance writes with. */
    Compression compression();

    /**
     * Whether this instance writes text cells that a spreadsheet would run as a formula with a leading {@code '}
     * (CSV with {@code export.csv.escape.formulas}); recorded in flush manifests. {@code false} by default: the
     * other formats keep values as they are.
     */
    default boolean escapesFormulas() {
        return false;
    }

    /** The file extension without the leading dot, e.g. {@code ndjson.zst} or {@code parquet}. */
    String extension();

    /**
     * Starts a file of records of {@code kind} on {@code sink}. The returned writer owns the sink and closes
     * it when closed.
     */
    RecordWriter open(OutputStream sink, RecordKind kind) throws IOException;

    /**
     * Reads a whole file written by this format and compression, parsing every record.
     *
     * @return the number of records
     * @throws IOException when the file cannot be read, decompressed or parsed
     */
    long countRecords(Path file) throws IOException;

    /**
     * The format called {@code name} (case-insensitive) writing with the given options.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    static ExportFormat of(String name, FormatOptions options) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case NdjsonFormat.NAME:
                return new NdjsonFormat(options);
            case JsonArrayFormat.NAME:
                return new JsonArrayFormat(options);
            case CsvFormat.NAME:
                return new CsvFormat(options);
            case AvroFormat.NAME:
                return new AvroFormat(options);
            case ParquetFormat.NAME:
                return new ParquetFormat(options);
            default:
                throw new IllegalArgumentException(
                        "unknown format '" + name + "', expected ndjson, json, csv, avro or parquet");
        }
    }
}
