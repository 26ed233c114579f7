package io.tributary.export.verify;

import io.tributary.export.file.ExportLayout;
import io.tributary.export.file.Manifest;
import io.tributary.export.file.ManifestFile;
import io.tributary.export.file.ManifestJson;
import io.tributary.export.format.Compression;
import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.FormatOptions;
import io.tributary.export.verify.VerifyReport.Kind;
import io.tributary.export.verify.VerifyReport.PartitionSummary;
import io.tributary.export.verify.VerifyReport.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Checks an export directory (each of its subdirectories not starting with {@code _} or {@code .} is a topic):
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
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<PartitionSummary> partitions = new ArrayList<>();
    private long manifests;
    private long files;
    private long events;

    private ExportVerifier() {
    }

    /**
     * Verifies every topic directory under {@code root}.
     *
     * @throws UncheckedIOException when {@code root} cannot be listed
     */
    public static VerifyReport verify(Path root) {
        ExportVerifier verifier = new ExportVerifier();
        Path dir = root.toAbsolutePath().normalize();
        try (Stream<Path> topics = Files.list(dir)) {
            for (Path topicDir : topics.sorted().toList()) {
                String name = topicDir.getFileName().toString();
                if (Files.isDirectory(topicDir) && !name.startsWith("_") && !name.startsWith(".")) {
                    verifier.verifyTopic(topicDir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return new VerifyReport(verifier.partitions, verifier.problems, verifier.warnings, verifier.manifests,
                verifier.files, verifier.events);
    }

    private void verifyTopic(Path topicDir) throws IOException {
        Map<Integer, List<Manifest>> byPartition = new TreeMap<>();
        Set<Path> listed = new HashSet<>();
        Path manifestDir = topicDir.resolve(ExportLayout.MANIFEST_DIR);
        try (Stream<Path> list = Files.isDirectory(manifestDir) ? Files.list(manifestDir) : Stream.empty()) {
            for (Path path : list.sorted().toList()) {
                Manifest m = readManifest(path);
                if (m != null) {
                    manifests++;
                    byPartition.computeIfAbsent(m.partition(), p -> new ArrayList<>()).add(m);
                    checkFiles(topicDir, m, listed);
                }
            }
        }
        byPartition.forEach((partition, list) -> checkOffsets(topicDir, partition, list));
        findUnlisted(topicDir, listed);
    }

    private Manifest readManifest(Path path) throws IOException {
        String name = path.getFileName().toString();
        if (name.startsWith(".")) {
            warnings.add("temporary manifest " + path + " (an interrupted write; ignored)");
            return null;
        }
        Manifest m;
        try {
            m = ManifestJson.read(Files.readAllBytes(path));
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(Kind.BAD_MANIFEST, path.toString(), e.toString()));
            return null;
        }
        if (!name.equals(m.fileName())) {
            problems.add(new Problem(Kind.BAD_MANIFEST, path.toString(), "content says " + m.fileName()));
            return null;
        }
        return m;
    }

    private void checkFiles(Path topicDir, Manifest m, Set<Path> listed) {
        long total = 0;
        for (ManifestFile f : m.files()) {
            Path file = topicDir.resolve(f.path()).normalize();
            String where = m.fileName() + " " + f.path();
            if (!file.startsWith(topicDir) || !listed.add(file)) {
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

    private void checkFile(Path file, ManifestFile f, String where) {
        try {
            if (!Files.isRegularFile(file)) {
                problems.add(new Problem(Kind.MISSING_FILE, where, "does not exist"));
                return;
            }
            long size = Files.size(file);
            if (size != f.bytes()) {
                problems.add(new Problem(Kind.SIZE_MISMATCH, where, size + " bytes, manifest says " + f.bytes()));
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
            long count = ExportFormat.of(f.format(), FormatOptions.with(Compression.fromName(f.compression())))
                    .countRecords(file);
            events += count;
            if (count != f.eventCount()) {
                problems.add(new Problem(Kind.COUNT_MISMATCH, where, count + " records, manifest says "
                        + f.eventCount()));
            }
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(Kind.UNREADABLE_FILE, where, e.toString()));
        }
    }

    private void checkOffsets(Path topicDir, int partition, List<Manifest> list) {
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

    private void findUnlisted(Path topicDir, Set<Path> listed) throws IOException {
        Path staging = topicDir.resolve(ExportLayout.STAGING_DIR);
        Path manifestDir = topicDir.resolve(ExportLayout.MANIFEST_DIR);
        try (Stream<Path> all = Files.walk(topicDir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                if (p.getParent().equals(staging) && p.getFileName().toString().endsWith(ExportLayout.LOCK_SUFFIX)) {
                    continue; // a partition's lock file (PartitionLock), kept between owners
                }
                if (p.startsWith(staging)) {
                    warnings.add("staging file " + topicDir.relativize(p) + " (of the flush a running worker has "
                            + "open, or of one interrupted: not data yet, and removed when its partition is next "
                            + "assigned)");
                } else if (!p.startsWith(manifestDir) && !listed.contains(p.normalize())) {
                    problems.add(new Problem(Kind.UNLISTED_FILE, topicDir.relativize(p).toString(),
                            "in no manifest"));
                }
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
