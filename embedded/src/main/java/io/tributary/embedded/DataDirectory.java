package io.tributary.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The directory holding every node's storage: {@code node-<id>} sub-directories, each used as
 * the node's {@code log.dirs} and metadata log directory. A directory created by this class is
 * temporary and is deleted by {@link #deleteIfTemporary()}; a directory given by the user is
 * never deleted.
 */
final class DataDirectory {
    private static final String NODE_DIR_PREFIX = "node-";

    private final Path root;
    private final boolean temporary;

    private DataDirectory(Path root, boolean temporary) {
        this.root = root;
        this.temporary = temporary;
    }

    static DataDirectory userSupplied(Path root) {
        return new DataDirectory(root.toAbsolutePath().normalize(), false);
    }

    static DataDirectory temporary() {
        try {
            return new DataDirectory(Files.createTempDirectory("tributary-kafka-"), true);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot create a temporary Kafka data directory in "
                    + System.getProperty("java.io.tmpdir") + ": " + e, e);
        }
    }

    Path root() {
        return root;
    }

    Path nodeDir(int nodeId) {
        return root.resolve(NODE_DIR_PREFIX + nodeId);
    }

    /**
     * Creates the root and the node directories when missing and checks that they are writable,
     * so that a bad location fails with one message naming it rather than deep inside Kafka.
     *
     * @throws EmbeddedKafkaException naming the directory that cannot be used
     */
    void prepare(int nodes) {
        ensureWritableDirectory(root);
        for (int id = 0; id < nodes; id++) {
            ensureWritableDirectory(nodeDir(id));
        }
    }

    void deleteIfTemporary() {
        if (temporary && Files.exists(root)) {
            deleteRecursively(root);
        }
    }

    private static void ensureWritableDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new EmbeddedKafkaException("Kafka data directory " + dir + " is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot create Kafka data directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new EmbeddedKafkaException("Kafka data directory " + dir + " is not writable");
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
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
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete Kafka data directory " + dir, e);
        }
    }
}
