package io.tributary.export.storage;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@link Storage} in a local or mounted directory: a name is a file below the root. Uploads are written to their
 * staging file, fsynced, renamed into place (creating directories) and made durable by an fsync of every
 * directory that changed; small objects are replaced atomically by a temporary, fsync, rename and fsync of the
 * directory; {@link #tryLock} is an exclusive OS file lock, so writers on one machine, or on a network file
 * system with POSIX locks, fence each other. Thread-safe.
 *
 * <pre>{@code
 * Storage storage = LocalStorage.create(Path.of("tributary-data/exports"));
 * }</pre>
 */
public final class LocalStorage implements Storage {
    private final Path root;

    private LocalStorage(Path root) {
        this.root = root;
    }

    /** Storage in the directory {@code root}, made absolute; it need not exist yet. */
    public static LocalStorage create(Path root) {
        return new LocalStorage(root.toAbsolutePath().normalize());
    }

    /** The root directory, absolute and normalised. */
    public Path root() {
        return root;
    }

    /**
     * The file of a name.
     *
     * @throws IllegalArgumentException when the name leads outside the root
     */
    public Path path(String name) {
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("name '" + name + "' leads outside " + root);
        }
        return path;
    }

    private String name(Path path) {
        return root.relativize(path).toString().replace(File.separatorChar, '/');
    }

    @Override
    public Upload create(String name, String staging) throws IOException {
        Path temp = path(staging);
        Files.createDirectories(temp.getParent());
        return new LocalUpload(name, temp, path(name), root);
    }

    @Override
    public void syncPublished(List<Upload> published) throws IOException {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Upload upload : published) {
            if (!(upload instanceof LocalUpload local)) {
                throw new IllegalArgumentException("not an upload of a LocalStorage: " + upload.name());
            }
            dirs.addAll(local.changedDirectories());
        }
        for (Path dir : dirs) {
            FileSync.fsyncDirectory(dir);
        }
    }

    @Override
    public void writeAtomically(String name, byte[] bytes) throws IOException {
        Path target = path(name);
        Files.createDirectories(target.getParent());
        FileSync.writeAtomically(target, bytes);
    }

    /** Renames {@code staged} to {@code name} and fsyncs its directory; the lock makes replacing safe. */
    @Override
    public boolean publishIfAbsent(String staged, String name) throws IOException {
        Path target = path(name);
        Files.createDirectories(target.getParent());
        FileSync.atomicMove(path(staged), target);
        FileSync.fsyncDirectory(target.getParent());
        return true;
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : path(prefix.substring(0, slash));
        if (!Files.isDirectory(dir)) {
            if (!dir.equals(root)) {
                return List.of();
            }
            throw Files.exists(root) ? new NotDirectoryException(root.toString())
                    : new NoSuchFileException(root.toString());
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).map(this::name).filter(n -> n.startsWith(prefix)).toList();
        }
    }

    @Override
    public OptionalLong size(String name) throws IOException {
        Path file = path(name);
        return Files.isRegularFile(file) ? OptionalLong.of(Files.size(file)) : OptionalLong.empty();
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(path(name));
    }

    @Override
    public <T> T readAsFile(String name, FileReader<T> reader) throws IOException {
        Path file = path(name);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return reader.read(file);
    }

    @Override
    public boolean deleteIfExists(String name) throws IOException {
        return Files.deleteIfExists(path(name));
    }

    @Override
    public void clearStaging(String stagingDir, String last) throws IOException {
        Path staging = path(stagingDir);
        if (!Files.isDirectory(staging)) {
            return;
        }
        Path lastFile = path(last);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
            for (Path f : files) {
                if (!f.equals(lastFile)) {
                    Files.deleteIfExists(f);
                }
            }
        }
        Files.deleteIfExists(lastFile);
        FileSync.fsyncDirectory(staging);
    }

    @Override
    public Optional<Lock> tryLock(String name) throws IOException {
        return PartitionLock.tryAcquire(path(name)).map(Lock.class::cast);
    }

    /**
     * Renames a file or a whole directory atomically, never replacing {@code to}, and fsyncs the directory that
     * received it. Local only, and so not part of {@link Storage}: an object store cannot rename a prefix.
     */
    public void rename(String from, String to) throws IOException {
        Path target = path(to);
        Files.move(path(from), target, StandardCopyOption.ATOMIC_MOVE);
        FileSync.fsyncDirectory(target.getParent());
    }

    @Override
    public String locate(String name) {
        return path(name).toString();
    }

    @Override
    public String toString() {
        return "LocalStorage[" + root + "]";
    }
}
