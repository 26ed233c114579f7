package io.tributary.export.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Durability primitives of the flush protocol: fsync of files and directories, atomic replace. */
final class FileSync {
    private FileSync() {
    }

    /** Forces a file's content and metadata to the device. */
    static void fsyncFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Forces a directory's entries (new names, renames, deletions) to the device. Some platforms cannot open a
     * directory for sync; there the rename itself is all the file system offers and the call does nothing.
     */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (Files.isDirectory(dir) && System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }

    /** Renames atomically, replacing an existing target (a retried flush rewrites the same names). */
    static void atomicMove(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Writes bytes to {@code target} atomically and durably: a temporary beside it, fsync, rename, fsync of
     * the directory. Readers see the old content or the whole new content, never a part.
     */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(temp, bytes);
        fsyncFile(temp);
        atomicMove(temp, target);
        fsyncDirectory(target.getParent());
    }
}
