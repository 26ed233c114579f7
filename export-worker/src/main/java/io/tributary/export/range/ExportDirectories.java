package io.tributary.export.range;

import io.tributary.export.storage.LocalStorage;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The run directories of scheduled exports under one root: {@code <root>/20251122T080000Z/} per completed run,
 * named by its scheduled time in UTC so that names sort in time order, and {@code <root>/.partial-<name>/} while
 * a run writes. Other entries of the root (the state file) are left alone.
 *
 * <p>Local directories only: a run is completed by renaming its directory ({@link LocalStorage#rename}), which
 * object stores cannot do; there a run will need a completion marker written last instead.
 */
final class ExportDirectories {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern RUN = Pattern.compile("\\d{8}T\\d{6}Z(-\\d+)?");
    private static final String PARTIAL = ".partial-";

    private final Path root;
    private final LocalStorage storage;

    ExportDirectories(Path root) {
        this.root = root;
        this.storage = LocalStorage.create(root);
    }

    /** A fresh name for a run scheduled at {@code t}; a suffix keeps it unique when the name is taken. */
    String nameFor(Instant t) {
        String base = NAME.format(t);
        String name = base;
        for (int i = 1; Files.exists(root.resolve(name)) || Files.exists(partial(name)); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    /** Where a run writes before it completes. */
    Path partial(String name) {
        return root.resolve(PARTIAL + name);
    }

    /** Makes a written run visible under its final name, durably. */
    Path complete(String name) throws IOException {
        storage.rename(PARTIAL + name, name);
        return root.resolve(name);
    }

    /** Completed runs, oldest first. */
    List<Path> completed() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> Files.isDirectory(p) && RUN.matcher(p.getFileName().toString()).matches())
                    .sorted().toList();
        }
    }

    /** The newest completed run. */
    Optional<Path> newest() throws IOException {
        List<Path> runs = completed();
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
    }

    /** Deletes the directories of runs that never completed; returns them. */
    List<Path> deletePartials() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> partials;
        try (Stream<Path> entries = Files.list(root)) {
            partials = entries.filter(p -> p.getFileName().toString().startsWith(PARTIAL)).toList();
        }
        for (Path p : partials) {
            deleteTree(p);
        }
        return partials;
    }

    /** Deletes all completed runs but the newest {@code keep}; returns the deleted ones. */
    List<Path> retain(int keep) throws IOException {
        List<Path> runs = completed();
        List<Path> deleted = new ArrayList<>();
        for (int i = 0; i < runs.size() - keep; i++) {
            deleteTree(runs.get(i));
            deleted.add(runs.get(i));
        }
        return deleted;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
