package io.tributary.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.export.file.ExportLayout;
import io.tributary.export.file.Manifest;
import io.tributary.export.file.ManifestFile;
import io.tributary.export.file.ManifestJson;
import io.tributary.export.format.Compression;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rows of the exported NDJSON files, read the way a user trusts them: through the flush manifests, each
 * listed file decompressed and every line's {@code event_id} taken. Manifests are immutable once published, so
 * each is read once; {@link #refresh()} picks up the new ones.
 */
final class ExportedRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path topicDir;
    private final Set<String> seenManifests = new HashSet<>();
    private final List<String> rowIds = new ArrayList<>();
    private final Map<Integer, Long> endOffsets = new HashMap<>();

    ExportedRows(Path exportDir, String topic) {
        this.topicDir = exportDir.resolve(topic);
    }

    /** Reads the manifests published since the last call, and their files. */
    synchronized void refresh() throws IOException {
        Path dir = topicDir.resolve(ExportLayout.MANIFEST_DIR);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> fresh;
        try (Stream<Path> files = Files.list(dir)) {
            fresh = files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !seenManifests.contains(f.getFileName().toString())).toList();
        }
        for (Path file : fresh) {
            Manifest manifest = ManifestJson.read(Files.readAllBytes(file));
            for (ManifestFile f : manifest.files()) {
                rowIds.addAll(ids(topicDir.resolve(f.path()), Compression.fromName(f.compression())));
            }
            endOffsets.merge(manifest.partition(), manifest.endOffset(), Math::max);
            seenManifests.add(file.getFileName().toString());
        }
    }

    synchronized List<String> rowIds() {
        return List.copyOf(rowIds);
    }

    synchronized int rows() {
        return rowIds.size();
    }

    /** The last offset a manifest covers, per partition. */
    synchronized Map<Integer, Long> endOffsets() {
        return Map.copyOf(endOffsets);
    }

    private static List<String> ids(Path file, Compression compression) throws IOException {
        List<String> ids = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             BufferedReader in = new BufferedReader(new InputStreamReader(compression.decompress(raw),
                     StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode id = JSON.readTree(line).get("event_id");
                ids.add(id == null ? null : id.asText());
            }
        }
        return ids;
    }
}
