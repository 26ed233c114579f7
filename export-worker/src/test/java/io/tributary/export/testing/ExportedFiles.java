package io.tributary.export.testing;

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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reads an export the way a user would trust it: through its manifests, with Jackson. */
public final class ExportedFiles {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private ExportedFiles() {
    }

    /** Every manifest of a topic, ordered by partition and start offset. */
    public static List<Manifest> manifests(Path topicDir) {
        Path dir = topicDir.resolve(ExportLayout.MANIFEST_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Manifest> manifests = new ArrayList<>();
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)).toList()) {
                manifests.add(ManifestJson.read(Files.readAllBytes(f)));
            }
            manifests.sort(Comparator.comparingInt(Manifest::partition).thenComparingLong(Manifest::startOffset));
            return manifests;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code id} of every NDJSON line in every file the manifests list, in manifest and file order. */
    public static List<String> eventIds(Path topicDir) {
        List<String> ids = new ArrayList<>();
        for (Manifest m : manifests(topicDir)) {
            for (ManifestFile f : m.files()) {
                ids.addAll(ndjsonIds(topicDir.resolve(f.path()), Compression.fromName(f.compression())));
            }
        }
        return ids;
    }

    /** The {@code id} of every line of one NDJSON file. */
    public static List<String> ndjsonIds(Path file, Compression compression) {
        List<String> ids = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             BufferedReader in = new BufferedReader(new InputStreamReader(compression.decompress(raw),
                     StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                ids.add(JACKSON.readTree(line).get("event_id").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /**
     * Asserts that {@code actual} holds every expected id exactly once and nothing else, in linear time (AssertJ's
     * any-order list comparison is quadratic, too slow for 200,000 ids).
     */
    public static void assertExactlyOnce(List<String> actual, List<String> expected) {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        actual.forEach(id -> counts.merge(id, 1, Integer::sum));
        List<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(
                java.util.Map.Entry::getKey).limit(10).toList();
        org.assertj.core.api.Assertions.assertThat(duplicated).as("duplicated ids").isEmpty();
        java.util.Set<String> expectedSet = new java.util.HashSet<>(expected);
        org.assertj.core.api.Assertions.assertThat(expectedSet).as("expected ids are distinct").hasSize(expected.size());
        List<String> missing = expected.stream().filter(id -> !counts.containsKey(id)).limit(10).toList();
        List<String> extra = actual.stream().filter(id -> !expectedSet.contains(id)).limit(10).toList();
        org.assertj.core.api.Assertions.assertThat(missing).as("missing ids").isEmpty();
        org.assertj.core.api.Assertions.assertThat(extra).as("unexpected ids").isEmpty();
        org.assertj.core.api.Assertions.assertThat(actual).hasSameSizeAs(expected);
    }
}
