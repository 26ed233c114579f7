package io.tributary.export.file;

import io.tributary.export.format.RecordKind;
import io.tributary.export.storage.LocalStorage;
import io.tributary.export.storage.Storage;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.IndexedRecord;

/**
 * Where exported files go: the names of an export's files on its {@link Storage}. Under the storage's root:
 *
 * <pre>
 * &lt;topic&gt;/dt=YYYY-MM-DD/hour=HH/[service=S/][type=T/]&lt;topic&gt;+&lt;partition&gt;+&lt;start&gt;.&lt;ext&gt;   data (event time, UTC)
 * &lt;topic&gt;/_manifests/&lt;topic&gt;+&lt;partition&gt;+&lt;start&gt;-&lt;end&gt;.json                   one per flush
 * &lt;topic&gt;/_staging/&lt;partition&gt;/                                              temporaries of the open flush
 * &lt;topic&gt;/_staging/&lt;partition&gt;.lock                                          the partition's writer lock
 * </pre>
 *
 * <p>{@code start} is the first offset of the flush a data file belongs to, so a retried flush writes the same
 * names. Directories starting with {@code _} are skipped by Spark and Hive; {@code dt=} and {@code hour=} are
 * Hive-style partition columns, so {@code read_ndjson('events/**&#47;*.ndjson.zst', hive_partitioning=true)}
 * in DuckDB or {@code spark.read.json("events")} work as they are. Optional {@code service=} and {@code type=}
 * levels come from event data and are {@linkplain #sanitize sanitised}. Immutable and thread-safe.
 */
public final class ExportLayout {
    /** Directory of the manifests of a topic. */
    public static final String MANIFEST_DIR = "_manifests";
    /** Directory of the per-partition staging directories of a topic. */
    public static final String STAGING_DIR = "_staging";
    /** Suffix of a partition's lock file, {@code _staging/<partition>.lock}. */
    public static final String LOCK_SUFFIX = ".lock";
    private static final Pattern MANIFEST_NAME = Pattern.compile("(.+)\\+(\\d+)\\+(\\d+)-(\\d+)\\.json");
    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
    private static final int MAX_COMPONENT = 120;

    /** Event fields that may add a directory level below {@code hour=}. */
    public enum PathField {
        /** {@code service=<service>}. */
        SERVICE("service"),
        /** {@code type=<event type>} ({@code event_type} of metric windows). */
        TYPE("type");

        private final String field;

        PathField(String field) {
            this.field = field;
        }

        /** Parses {@code service} or {@code type}. */
        public static PathField fromName(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** A manifest file name taken apart. */
    public record ManifestName(String topic, int partition, long startOffset, long endOffset) {
    }

    private final Storage storage;
    private final List<PathField> pathFields;

    /** A layout on {@code storage} with the given extra directory levels (usually none). */
    public ExportLayout(Storage storage, List<PathField> pathFields) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.pathFields = List.copyOf(pathFields);
    }

    /** A layout in the local directory {@code root} ({@link LocalStorage}). */
    public ExportLayout(Path root, List<PathField> pathFields) {
        this(LocalStorage.create(Objects.requireNonNull(root, "root")), pathFields);
    }

    /** Where the files are. */
    public Storage storage() {
        return storage;
    }

    /**
     * The export's directory, when it is a local one.
     *
     * @throws IllegalStateException when the storage is not a {@link LocalStorage}
     */
    public Path root() {
        if (storage instanceof LocalStorage local) {
            return local.root();
        }
        throw new IllegalStateException("the export is not in a local directory but on " + storage);
    }

    /** The directory (name prefix, without the trailing {@code /}) of a topic. */
    public String topicDir(String topic) {
        return sanitize(topic);
    }

    /** The manifest directory of a topic. */
    public String manifestDir(String topic) {
        return topicDir(topic) + '/' + MANIFEST_DIR;
    }

    /** The staging directory of one partition. */
    public String stagingDir(String topic, int partition) {
        return topicDir(topic) + '/' + STAGING_DIR + '/' + partition;
    }

    /** The hour of an event time, counted from the epoch; records of one hour share a time directory. */
    public static long hourOf(long eventTimeNs) {
        return Math.floorDiv(eventTimeNs, NANOS_PER_HOUR);
    }

    /** The {@code dt=YYYY-MM-DD/hour=HH} directory of an hour from {@link #hourOf}. */
    public static String timeDir(long hour) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.multiplyExact(hour, 3600L), 0, ZoneOffset.UTC);
        return String.format(Locale.ROOT, "dt=%s/hour=%02d", t.toLocalDate(), t.getHour());
    }

    /** The directory of a record relative to the topic directory: its time directory plus the path fields. */
    public String bucketOf(RecordKind kind, IndexedRecord record, String timeDir) {
        if (pathFields.isEmpty()) {
            return timeDir;
        }
        StringBuilder dir = new StringBuilder(timeDir);
        for (PathField f : pathFields) {
            String value = kind.stringField(record, f.field);
            if (value == null && f == PathField.TYPE) {
                value = kind.stringField(record, "event_type");
            }
            dir.append('/').append(f.field).append('=').append(sanitize(value == null ? "none" : value));
        }
        return dir.toString();
    }

    /** The name of a data file: {@code <topic>+<partition>+<flush start>.<extension>}. */
    public static String dataFileName(String topic, int partition, long flushStart, String extension) {
        return sanitize(topic) + '+' + partition + '+' + flushStart + '.' + extension;
    }

    /** The name of a manifest: {@code <topic>+<partition>+<start>-<end>.json}. */
    public static String manifestFileName(String topic, int partition, long start, long end) {
        return sanitize(topic) + '+' + partition + '+' + start + '-' + end + ".json";
    }

    /** Takes a manifest file name apart; empty for any other name (temporaries included). */
    public static Optional<ManifestName> parseManifestName(String fileName) {
        Matcher m = MANIFEST_NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ManifestName(m.group(1), Integer.parseInt(m.group(2)),
                Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
    }

    /**
     * Makes a value from event data safe as one path component: letters, digits, {@code . _ -} are kept, any
     * other character (separators, {@code =}, control characters) becomes {@code _}; a result that is empty,
     * starts with a dot ({@code ..}) or an underscore is prefixed with {@code x}; at most 120 characters.
     */
    public static String sanitize(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_COMPONENT) + 1);
        for (int i = 0; i < value.length() && out.length() < MAX_COMPONENT; i++) {
            char c = value.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            out.append(safe ? c : '_');
        }
        if (out.length() == 0 || out.charAt(0) == '.' || out.charAt(0) == '_') {
            out.insert(0, 'x');
        }
        return out.toString();
    }
}
