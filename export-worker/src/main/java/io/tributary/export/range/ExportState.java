package io.tributary.export.range;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.export.file.ExportLayout;
import io.tributary.export.file.Manifest;
import io.tributary.export.file.ManifestJson;
import io.tributary.export.storage.LocalStorage;
import io.tributary.export.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Where incremental exports stand: per topic partition, the next offset to export. A run starts exactly at these
 * offsets and, once its files and manifests are durable, records where it stopped, so consecutive runs cover
 * consecutive offsets with neither gap nor overlap. Immutable.
 *
 * <p>The file is JSON, written atomically ({@link Storage#writeAtomically}; locally a temporary file, fsync,
 * rename, fsync of the directory):
 *
 * <pre>{@code
 * {"version":1,"updated_at":"2025-11-22T08:00:01Z",
 *  "partitions":[{"topic":"tributary.events.sampled","partition":0,"next_offset":1234}, ...]}
 * }</pre>
 */
public final class ExportState {
    /** The state file format version this code writes and reads. */
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Map<TopicPartition, Long> offsets;

    private ExportState(Map<TopicPartition, Long> offsets) {
        this.offsets = Map.copyOf(offsets);
    }

    /** No partition exported yet: a first run starts at {@code --from}, else at the beginning of each partition. */
    public static ExportState empty() {
        return new ExportState(Map.of());
    }

    /**
     * A state of the given next offsets.
     *
     * @throws IllegalArgumentException for a negative offset
     */
    public static ExportState of(Map<TopicPartition, Long> nextOffsets) {
        nextOffsets.forEach((tp, offset) -> {
            if (offset < 0) {
                throw new IllegalArgumentException("next offset of " + tp + " must be >= 0, got " + offset);
            }
        });
        return new ExportState(nextOffsets);
    }

    /**
     * Reads a state file; a file that does not exist is the {@linkplain #empty() empty} state.
     *
     * @throws RangeExportException when the file cannot be read or is not a state file
     */
    public static ExportState load(Path file) {
        Path target = file.toAbsolutePath();
        return load(LocalStorage.create(target.getParent()), target.getFileName().toString(), file);
    }

    /**
     * Reads the state object {@code name} of {@code storage}; a missing one is the {@linkplain #empty() empty}
     * state.
     *
     * @throws RangeExportException when it cannot be read or is not a state file
     */
    public static ExportState load(Storage storage, String name) {
        return load(storage, name, storage.locate(name));
    }

    private static ExportState load(Storage storage, String name, Object file) {
        byte[] bytes;
        try {
            bytes = storage.readAll(name);
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            throw new RangeExportException("cannot read state file " + file + ": " + e, e);
        }
        try {
            return parse(bytes);
        } catch (IOException | RuntimeException e) {
            throw new RangeExportException("state file " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static ExportState parse(byte[] bytes) throws IOException {
        JsonNode root = MAPPER.readTree(bytes);
        if (root == null || !root.isObject() || root.path("version").asInt(-1) != VERSION
                || !root.path("partitions").isArray()) {
            throw new IOException("expected {\"version\":" + VERSION + ",\"partitions\":[...]}");
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (JsonNode p : root.get("partitions")) {
            JsonNode topic = p.get("topic");
            JsonNode partition = p.get("partition");
            JsonNode next = p.get("next_offset");
            if (topic == null || !topic.isTextual() || partition == null || !partition.canConvertToInt()
                    || next == null || !next.canConvertToLong()) {
                throw new IOException("bad partition entry " + p);
            }
            offsets.put(new TopicPartition(topic.asText(), partition.asInt()), next.asLong());
        }
        return of(offsets);
    }

    /**
     * The state an export directory's manifests imply: per partition, the offset after its last manifest. Used to
     * recover when a run published files but stopped before recording its state.
     *
     * @throws RangeExportException when a manifest cannot be read
     */
    public static ExportState fromManifests(Path exportDir) {
        if (!Files.isDirectory(exportDir)) {
            return empty();
        }
        return fromManifests(LocalStorage.create(exportDir), exportDir);
    }

    /**
     * The state the manifests of an export on {@code storage} imply, see {@link #fromManifests(Path)}.
     *
     * @throws RangeExportException when the storage cannot be listed or a manifest cannot be read
     */
    public static ExportState fromManifests(Storage storage) {
        return fromManifests(storage, storage.locate(""));
    }

    private static ExportState fromManifests(Storage storage, Object exportDir) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try {
            for (String name : storage.list("")) {
                String[] parts = name.split("/");
                if (parts.length == 3 && parts[1].equals(ExportLayout.MANIFEST_DIR)
                        && ExportLayout.parseManifestName(parts[2]).isPresent()) {
                    Manifest manifest = ManifestJson.read(storage.readAll(name));
                    offsets.merge(new TopicPartition(manifest.topic(), manifest.partition()),
                            manifest.endOffset() + 1, Math::max);
                }
            }
        } catch (IOException e) {
            throw new RangeExportException("cannot read the manifests under " + exportDir + ": " + e, e);
        }
        return new ExportState(offsets);
    }

    /** The next offset to export of a partition, empty when no run exported it yet. */
    public OptionalLong nextOffset(TopicPartition partition) {
        Long offset = offsets.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** Every partition's next offset. */
    public Map<TopicPartition, Long> offsets() {
        return offsets;
    }

    /** This state with the partitions of {@code other} moved forward where {@code other} is further. */
    public ExportState advancedTo(ExportState other) {
        Map<TopicPartition, Long> merged = new HashMap<>(offsets);
        other.offsets.forEach((tp, offset) -> merged.merge(tp, offset, Math::max));
        return new ExportState(merged);
    }

    /** The JSON form. */
    public byte[] toJson(Instant updatedAt) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("updated_at", updatedAt.toString());
        ArrayNode partitions = root.putArray("partitions");
        Map<TopicPartition, Long> sorted = new TreeMap<>(ORDER);
        sorted.putAll(offsets);
        sorted.forEach((tp, offset) -> partitions.addObject().put("topic", tp.topic())
                .put("partition", tp.partition()).put("next_offset", offset));
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a state in memory", e);
        }
    }

    /**
     * Writes the state file atomically and durably: readers, and a crash, see the old state or the new one,
     * never a part.
     *
     * @throws RangeExportException when it cannot be written
     */
    public void write(Path file, Instant updatedAt) {
        Path target = file.toAbsolutePath();
        write(LocalStorage.create(target.getParent()), target.getFileName().toString(), updatedAt, file);
    }

    /**
     * Writes the state object {@code name} of {@code storage} atomically and durably, see {@link #write(Path,
     * Instant)}.
     *
     * @throws RangeExportException when it cannot be written
     */
    public void write(Storage storage, String name, Instant updatedAt) {
        write(storage, name, updatedAt, storage.locate(name));
    }

    private void write(Storage storage, String name, Instant updatedAt, Object file) {
        try {
            storage.writeAtomically(name, toJson(updatedAt));
        } catch (IOException e) {
            throw new RangeExportException("cannot write state file " + file + ": " + e, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExportState other && offsets.equals(other.offsets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offsets);
    }

    @Override
    public String toString() {
        Map<TopicPartition, Long> sorted = new TreeMap<>(ORDER);
        sorted.putAll(offsets);
        return "ExportState" + sorted;
    }
}
