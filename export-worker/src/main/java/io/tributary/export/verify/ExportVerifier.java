package io.tributary.export.verify;

import io.tributary.export.file.ExportLayout;
import io.tributary.export.file.Manifest;
import io.tributary.export.file.ManifestFile;
import io.tributary.export.file.ManifestJson;
import io.tributary.export.format.Compression;
import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.FormatOptions;
import io.tributary.export.storage.LocalStorage;
import io.tributary.export.storage.Storage;
import io.tributary.export.verify.VerifyReport.Kind;
import io.tributary.export.verify.VerifyReport.PartitionSummary;
import io.tributary.export.verify.VerifyReport.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks an export (each of its top-level directories not starting with {@code _} or {@code .} is a topic), in a
 * local directory or on any {@link Storage}:
 * for every manifest, every listed file exists with the recorded size and
 * SHA-256, decompresses and parses in its format with the recorded number of records; per partition, the
 * manifests' offset ranges follow each other without gap or overlap; and no data file lies outside every
 * manifest. The library entry point of {@code tributary verify DIR}.
 *
 * <pre>{@code
 * VerifyReport report = ExportVerifier.verify(Path.of("tributary-data"));
 * System.out.print(report.render());
 * System.exit(report.exitCode());
 * }</pre>
 */
public final class ExportVerifier {
    private final Storage storage;
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<PartitionSummary> partitions = new ArrayList<>();
    private long manifests;
    private long files;
    private long events;

    private ExportVerifier(Storage storage) {
        this.storage = storage;
    }

    /**
     * Verifies every topic directory under {@code root}.
     *
     * @throws UncheckedIOException when {@code root} cannot be listed
     */
    public static VerifyReport verify(Path root) {
        return verify(LocalStorage.create(root), root.toString());
    }

    /**
     * Verifies every topic directory of an export on {@code storage}.
     *
     * @throws UncheckedIOException when the storage cannot be listed
     */
    public static VerifyReport verify(Storage storage) {
        return verify(storage, storage.locate(""));
    }

    private static VerifyReport verify(Storage storage, String where) {
        ExportVerifier verifier = new ExportVerifier(storage);
        try {
            Map<String, List<String>> topics = new TreeMap<>();
            for (String name : storage.list("")) {
                int slash = name.indexOf('/');
                String topic = slash < 0 ? "" : name.substring(0, slash);
                if (!topic.isEmpty() && !topic.startsWith("_") && !topic.startsWith(".")) {
                    topics.computeIfAbsent(topic, t -> new ArrayList<>()).add(name);
                }
            }
            for (Map.Entry<String, List<String>> topic : topics.entrySet()) {
                verifier.verifyTopic(topic.getKey(), topic.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + where, e);
        }
        return new VerifyReport(verifier.partitions, verifier.problems, verifier.warnings, verifier.manifests,
                verifier.files, verifier.events);
    }

    /** Checks one topic; {@code names} are all of its files, in the storage's listing order. */
    private void verifyTopic(String topic, List<String> names) {
        Map<Integer, List<Manifest>> byPartition = new TreeMap<>();
        Set<String> listed = new HashSet<>();
        String manifestDir = topic + '/' + ExportLayout.MANIFEST_DIR + '/';
        for (String name : names.stream().filter(n -> isDirectlyIn(manifestDir, n)).sorted().toList()) {
            Manifest m = readManifest(name);
            if (m != null) {
                manifests++;
                byPartition.computeIfAbsent(m.partition(), p -> new ArrayList<>()).add(m);
                checkFiles(topic, m, listed);
            }
        }
        byPartition.forEach(this::checkOffsets);
        findUnlisted(topic, names, listed);
    }

    private static boolean isDirectlyIn(String dir, String name) {
        return name.startsWith(dir) && name.indexOf('/', dir.length()) < 0;
    }

    private Manifest readManifest(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.startsWith(".")) {
            warnings.add("temporary manifest " + storage.locate(path) + " (an interrupted write; ignored)");
            return null;
        }
        Manifest m;
        try {
            m = ManifestJson.read(storage.readAll(path));
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(Kind.BAD_MANIFEST, storage.locate(path), e.toString()));
            return null;
        }
        if (!name.equals(m.fileName())) {
            problems.add(new Problem(Kind.BAD_MANIFEST, storage.locate(path), "content says " + m.fileName()));
            return null;
        }
        return m;
    }

    private void checkFiles(String topic, Manifest m, Set<String> listed) {
        long total = 0;
        for (ManifestFile f : m.files()) {
            String file = resolve(topic, f.path());
            String where = m.fileName() + " " + f.path();
            if (file == null || !listed.add(file)) {
                problems.add(new Problem(Kind.BAD_MANIFEST, where, "path outside the topic or listed twice"));
                continue;
            }
            files++;
            total += f.eventCount();
            checkFile(file, f, where);
        }
        if (total != m.eventCount()) {
            problems.add(new Problem(Kind.COUNT_MISMATCH, m.fileName(),
                    "files hold " + total + " records, manifest says " + m.eventCount()));
        }
    }

    /**
     * The name of a manifest's file path inside the topic, normalised ({@code .}, {@code ..} and empty components
     * resolved), or {@code null} when it leads outside the topic.
     */
    private static String resolve(String topic, String path) {
        if (path.startsWith("/")) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        parts.add(topic);
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                if (parts.pollLast() == null) {
                    return null;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        String name = String.join("/", parts);
        return name.equals(topic) || name.startsWith(topic + '/') ? name : null;
    }

    private void checkFile(String file, ManifestFile f, String where) {
        try {
            OptionalLong size = storage.size(file);
            if (size.isEmpty()) {
                problems.add(new Problem(Kind.MISSING_FILE, where, "does not exist"));
                return;
            }
            if (size.getAsLong() != f.bytes()) {
                problems.add(new Problem(Kind.SIZE_MISMATCH, where, size.getAsLong() + " bytes, manifest says "
                        + f.bytes()));
                return;
            }
            String sha = sha256(file);
            if (!sha.equalsIgnoreCase(f.sha256())) {
                problems.add(new Problem(Kind.CHECKSUM_MISMATCH, where, "SHA-256 " + sha + ", manifest says "
                        + f.sha256()));
                return;
            }
        } catch (IOException e) {
            problems.add(new Problem(Kind.MISSING_FILE, where, e.toString()));
            return;
        }
        try {
            ExportFormat format = ExportFormat.of(f.format(),
                    FormatOptions.with(Compression.fromName(f.compression())));
            long count = storage.readAsFile(file, format::countRecords);
            events += count;
            if (count != f.eventCount()) {
                problems.add(new Problem(Kind.COUNT_MISMATCH, where, count + " records, manifest says "
                        + f.eventCount()));
            }
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(Kind.UNREADABLE_FILE, where, e.toString()));
        }
    }

    private void checkOffsets(int partition, List<Manifest> list) {
        list.sort(Comparator.comparingLong(Manifest::startOffset).thenComparingLong(Manifest::endOffset));
        String topic = list.get(0).topic();
        long records = 0;
        Manifest previous = null;
        for (Manifest m : list) {
            records += m.eventCount();
            if (previous != null && m.startOffset() > previous.endOffset() + 1) {
                problems.add(new Problem(Kind.GAP, topic + "-" + partition, "offsets " + (previous.endOffset() + 1)
                        + ".." + (m.startOffset() - 1) + " are in no manifest"));
            } else if (previous != null && m.startOffset() <= previous.endOffset()) {
                problems.add(new Problem(Kind.OVERLAP, topic + "-" + partition, previous.fileName() + " and "
                        + m.fileName() + " both cover offset " + m.startOffset()));
            }
            previous = previous == null || m.endOffset() > previous.endOffset() ? m : previous;
        }
        partitions.add(new PartitionSummary(topic, partition, list.get(0).startOffset(), previous.endOffset(),
                list.size(), records));
    }

    private void findUnlisted(String topic, List<String> names, Set<String> listed) {
        String staging = topic + '/' + ExportLayout.STAGING_DIR + '/';
        String manifestDir = topic + '/' + ExportLayout.MANIFEST_DIR + '/';
        for (String name : names) {
            String relative = name.substring(topic.length() + 1);
            if (isDirectlyIn(staging, name) && name.endsWith(ExportLayout.LOCK_SUFFIX)) {
                continue; // a partition's lock file (Storage.tryLock), kept between owners
            }
            if (name.startsWith(staging)) {
                warnings.add("staging file " + relative + " (of the flush a running worker has "
                        + "open, or of one interrupted: not data yet, and removed when its partition is next "
                        + "assigned)");
            } else if (!name.startsWith(manifestDir) && !listed.contains(name)) {
                problems.add(new Problem(Kind.UNLISTED_FILE, relative, "in no manifest"));
            }
        }
    }

    private String sha256(String file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = storage.open(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
