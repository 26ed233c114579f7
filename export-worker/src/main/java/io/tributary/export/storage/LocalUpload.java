package io.tributary.export.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** An upload of {@link LocalStorage}: a staging file, renamed into place when published. */
final class LocalUpload implements Storage.Upload {
    private final String name;
    private final Path temp;
    private final Path target;
    private final Path root;
    private final OutputStream output;
    private final Set<Path> changed = new LinkedHashSet<>();

    LocalUpload(String name, Path temp, Path target, Path root) throws IOException {
        this.name = name;
        this.temp = temp;
        this.target = target;
        this.root = root;
        this.output = Files.newOutputStream(temp);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void sync() throws IOException {
        FileSync.fsyncFile(temp);
    }

    @Override
    public void publish() throws IOException {
        changed.addAll(createDirectories(target.getParent()));
        FileSync.atomicMove(temp, target);
        changed.add(target.getParent());
    }

    /** Creates {@code dir} and returns the parents of every directory created, so their entries get synced. */
    private Set<Path> createDirectories(Path dir) throws IOException {
        Set<Path> parents = new LinkedHashSet<>();
        Path missing = dir;
        while (missing != null && !Files.isDirectory(missing) && missing.startsWith(root)) {
            parents.add(missing.getParent());
            missing = missing.getParent();
        }
        Files.createDirectories(dir);
        return parents;
    }

    /** The directories whose entries {@link #publish()} changed, to fsync. */
    Set<Path> changedDirectories() {
        return changed;
    }

    @Override
    public void discard() throws IOException {
        try {
            output.close();
        } catch (IOException ignored) {
            // the content is thrown away next
        }
        Files.deleteIfExists(temp);
    }
}
