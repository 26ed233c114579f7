package io.tributary.export.file;

import static io.tributary.export.file.FileExportConfig.*;

import io.tributary.export.core.FilterSettings;
import io.tributary.export.core.LoopThreads;
import io.tributary.export.format.FormatOptions;
import io.tributary.runtime.config.SharedConfigDef;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** The definitions behind {@link FileExportConfig#CONFIG}: {@link SharedConfigDef}'s keys and the exporter's. */
final class FileExportConfigDef {
    private FileExportConfigDef() {
    }

    static ConfigDef define() {
        ConfigDef def = SharedConfigDef.define();
        kafka(def);
        files(def);
        rotation(def);
        FilterSettings.define(def);
        S3ConfigSupport.define(def);
        return def;
    }

    private static void kafka(ConfigDef def) {
        def.define(TOPICS, Type.LIST, "", Importance.HIGH,
                "Topics to export, full names. Empty: <prefix>events.sampled. Topics named <prefix>metrics.* are "
                        + "read as metric windows, <prefix>sessions as session summaries, any other as events.");
        def.define(GROUP_ID, Type.STRING, "tributary-export-files", new ConfigDef.NonEmptyString(),
                Importance.HIGH, "Consumer group; workers in one group share the partitions.");
        LoopThreads.define(def);
        def.define(POLL_TIMEOUT_MS, Type.LONG, 200L, Range.between(1, 60_000), Importance.LOW,
                "Longest wait for records per loop turn; bounds how late an idle partition's age rotation fires.");
        def.define(RETRY_BACKOFF_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
                "First wait before retrying a partition that could not write; doubles per failure.");
        def.define(RETRY_BACKOFF_MAX_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                "Longest wait between retries of a partition that could not write.");
    }

    private static void files(ConfigDef def) {
        def.define(EXPORT_DIR, Type.STRING, "./tributary-data", new ConfigDef.NonEmptyString(), Importance.HIGH,
                "Root of the export: a directory, or s3://bucket/prefix for S3 and S3-compatible object stores "
                        + "(see export.s3.*). Files go to <root>/<topic>/dt=YYYY-MM-DD/hour=HH/...");
        def.define(FORMAT, Type.STRING, "ndjson", ValidString.in("ndjson", "json", "csv", "avro", "parquet"),
                Importance.HIGH, "File format: ndjson (one JSON object per line), json (a JSON array), csv (RFC "
                        + "4180, flat columns), avro (object container), parquet (flat columns).");
        def.define(COMPRESSION, Type.STRING, "zstd", ValidString.in("zstd", "gzip", "none"), Importance.MEDIUM,
                "Compression. Text formats compress the whole file (.zst, .gz); avro and parquet use their "
                        + "internal codec (zstandard/deflate, ZSTD/GZIP).");
        def.define(ZSTD_LEVEL, Type.INT, FormatOptions.DEFAULT_ZSTD_LEVEL, Range.between(1, 22), Importance.LOW,
                "zstd compression level.");
        def.define(PARQUET_ROW_GROUP_BYTES, Type.LONG, FormatOptions.DEFAULT_PARQUET_ROW_GROUP_BYTES,
                Range.atLeast(64 * 1024), Importance.LOW,
                "Parquet row group size; bounds the memory of each open Parquet file.");
        def.define(CSV_ESCAPE_FORMULAS, Type.BOOLEAN, FormatOptions.DEFAULT_CSV_ESCAPE_FORMULAS, Importance.MEDIUM,
                "CSV only: a text cell that starts with =, +, - or @, or with a tab or carriage return (the leading "
                        + "characters OWASP lists for CSV injection), is written with a leading ' so that spreadsheet "
                        + "programs show it as text instead of running it as a formula. Only text columns (values "
                        + "from event data: names, messages, URLs, attributes) are escaped; numeric and boolean "
                        + "columns never are, so -5 in dt_ns or status stays -5. Each flush manifest records it "
                        + "as csv_escape_formulas. Set false to keep every value byte for byte.");
        def.define(MAX_OPEN_FILES, Type.INT, 8, Range.between(1, 1024), Importance.LOW,
                "Data files one partition keeps open (one per hour directory). A record for one more directory "
                        + "completes the flush first. Bounds memory per partition.");
        def.define(PATH_FIELDS, Type.LIST, "", ValidList.in(true, "service", "type"), Importance.LOW,
                "Extra directory levels below hour=HH taken from event data, in order: service, type. Values "
                        + "are sanitised (no separators, no '..').");
    }

    private static void rotation(ConfigDef def) {
        def.define(ROTATE_EVENTS, Type.LONG, 100_000L, Range.atLeast(1), Importance.MEDIUM,
                "A partition's flush completes after this many records.");
        def.define(ROTATE_BYTES, Type.LONG, 128L * 1024 * 1024, Range.atLeast(1), Importance.MEDIUM,
                "A partition's flush completes once its files hold this many bytes on disk.");
        def.define(ROTATE_AGE_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.MEDIUM,
                "A partition's flush completes when its first record is this old, also when no more arrive.");
    }
}
