package io.tributary.export.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of a {@link Manifest}:
 *
 * <pre>{@code
 * {"version":1,"exported_at":"2025-11-22T08:00:01Z","topic":"tributary.events.sampled","partition":0,
 *  "start_offset":0,"end_offset":999,"event_count":998,
 *  "time_range":{"first_ns":...,"last_ns":...,"first":"2025-...Z","last":"2025-...Z"},
 *  "format":"ndjson","compression":"zstd","csv_escape_formulas":false,"skipped_count":2,
 *  "dead_lettered_count":0,"filters":{},
 *  "files":[{"path":"dt=2025-11-22/hour=08/tributary.events.sampled+0+0.ndjson.zst","format":"ndjson",
 *            "compression":"zstd","event_count":998,"bytes":12345,"sha256":"...","time_range":{...}}]}
 * }</pre>
 *
 * <p>{@code csv_escape_formulas} is optional when read: manifests written before it existed lack it and read
 * as {@code false}, which is what their CSV files are (written without formula escaping).
 */
public final class ManifestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {
    }

    /** The manifest as UTF-8 JSON. */
    public static byte[] write(Manifest m) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", m.version());
        root.put("exported_at", m.exportedAt().toString());
        root.put("topic", m.topic());
        root.put("partition", m.partition());
        root.put("start_offset", m.startOffset());
        root.put("end_offset", m.endOffset());
        root.put("event_count", m.eventCount());
        putRange(root, m.timeRange());
        root.put("format", m.format());
        root.put("compression", m.compression());
        root.put("csv_escape_formulas", m.csvEscapeFormulas());
        root.put("skipped_count", m.skippedCount());
        root.put("dead_lettered_count", m.deadLetteredCount());
        ObjectNode filters = root.putObject("filters");
        new TreeMap<>(m.filters()).forEach(filters::put);
        ArrayNode files = root.putArray("files");
        for (ManifestFile f : m.files()) {
            ObjectNode file = files.addObject();
            file.put("path", f.path());
            file.put("format", f.format());
            file.put("compression", f.compression());
            file.put("event_count", f.eventCount());
            file.put("bytes", f.bytes());
            file.put("sha256", f.sha256());
            putRange(file, f.timeRange());
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a manifest in memory", e);
        }
    }

    /**
     * Parses a manifest.
     *
     * @throws IOException when the bytes are not a complete manifest
     */
    public static Manifest read(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("manifest is not a JSON object");
        }
        List<ManifestFile> files = new ArrayList<>();
        for (JsonNode f : required(root, "files")) {
            files.add(new ManifestFile(text(f, "path"), text(f, "format"), text(f, "compression"),
                    number(f, "event_count"), number(f, "bytes"), text(f, "sha256"), range(f)));
        }
        Map<String, String> filters = new TreeMap<>();
        required(root, "filters").properties().forEach(e -> filters.put(e.getKey(), e.getValue().asText()));
        return new Manifest((int) number(root, "version"), Instant.parse(text(root, "exported_at")),
                text(root, "topic"), (int) number(root, "partition"), number(root, "start_offset"),
                number(root, "end_offset"), number(root, "event_count"), range(root), text(root, "format"),
                text(root, "compression"), flag(root, "csv_escape_formulas"), number(root, "skipped_count"),
                number(root, "dead_lettered_count"), filters, files);
    }

    private static void putRange(ObjectNode node, TimeRange range) {
        if (range == null) {
            node.putNull("time_range");
            return;
        }
        ObjectNode r = node.putObject("time_range");
        r.put("first_ns", range.firstNs());
        r.put("last_ns", range.lastNs());
        r.put("first", instant(range.firstNs()).toString());
        r.put("last", instant(range.lastNs()).toString());
    }

    private static Instant instant(long ns) {
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    }

    private static TimeRange range(JsonNode node) throws IOException {
        JsonNode r = node.get("time_range");
        return r == null || r.isNull() ? null : new TimeRange(number(r, "first_ns"), number(r, "last_ns"));
    }

    private static JsonNode required(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IOException("manifest lacks '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field) throws IOException {
        return required(node, field).asText();
    }

    /** An optional boolean: absent (older manifests) is {@code false}. */
    private static boolean flag(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new IOException("manifest field '" + field + "' is not a boolean: " + value);
        }
        return value.booleanValue();
    }

    private static long number(JsonNode node, String field) throws IOException {
        JsonNode value = required(node, field);
        if (!value.canConvertToLong()) {
            throw new IOException("manifest field '" + field + "' is not a number: " + value);
        }
        return value.asLong();
    }
}
