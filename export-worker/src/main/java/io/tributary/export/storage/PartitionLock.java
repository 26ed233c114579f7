package io.tributary.export.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The right to publish flushes of one partition: an exclusive OS lock on a file (in the export layout,
 * {@code _staging/<partition>.lock}), handed out by {@link LocalStorage#tryLock}.
 *
 * <p>It fences a <em>zombie</em>: a writer that lost its partition (a long GC pause, a network partition from
 * the group coordinator) but has not noticed yet, and would otherwise publish a flush that overlaps the new
 * owner's. The new owner cannot recover the partition, let alone publish, until the old one lets go, which it
 * does when it sees the revocation or when its process dies (the OS then drops the lock).
 *
 * <p>Within one JVM the lock is tracked in a table here rather than by a second {@link FileChannel}: on POSIX
 * systems closing any descriptor of a file drops every lock the process holds on it, so a losing attempt must
 * never open and close the file while another thread of this process holds the lock. Works on local file
 * systems; on a network file system only where it supports {@code fcntl} locks.
 */
final class PartitionLock implements Storage.Lock {
    /** Lock files held by this JVM, absolute and normalised; guarded by the class. */
    private static final Set<Path> HELD = new HashSet<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released; // guarded by the class

    private PartitionLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock on {@code file}, creating it; empty when another writer, here or elsewhere, holds it. */
    static synchronized Optional<PartitionLock> tryAcquire(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        if (HELD.contains(key)) {
            return Optional.empty();
        }
        Files.createDirectories(key.getParent());
        FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close(); // nobody in this JVM holds it, so closing drops no lock of ours
            return Optional.empty();
        }
        HELD.add(key);
        return Optional.of(new PartitionLock(key, channel, lock));
    }

    /** Lets go of the lock; never throws. The file stays: deleting it would let two writers lock two files. */
    @Override
    public void release() {
        synchronized (PartitionLock.class) {
            if (released) {
                return;
            }
            released = true;
            HELD.remove(file);
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel below drops it anyway
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to let go of
            }
        }
    }
}
