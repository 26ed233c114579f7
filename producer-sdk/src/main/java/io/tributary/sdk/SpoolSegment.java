package io.tributary.sdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One {@link DiskSpool} segment file. Records read from it are resolved (delivered, re-spooled or dropped) by
 * the sender or by delivery callbacks; the file is deleted when all are.
 */
final class SpoolSegment {
    final Path file;
    final long sequence;
    long records;
    long bytes;
    long read;
    /** Bytes of the records read, from the start of the file: where reading goes on after the file is reopened. */
    long readBytes;
    volatile boolean fullyRead;
    volatile boolean deleted;
    private final Object lock = new Object();
    private long resolved;

    SpoolSegment(Path file, long sequence) {
        this.file = file;
        this.sequence = sequence;
    }

    boolean deleted() {
        return deleted;
    }

    /** One event read from this segment is settled for good. */
    void resolve() {
        synchronized (lock) {
            resolved++;
            deleteIfDone();
        }
    }

    void deleteIfDone() {
        synchronized (lock) {
            if (fullyRead && resolved >= records && !deleted) {
                try {
                    Files.deleteIfExists(file);
                    deleted = true;
                } catch (IOException e) {
                    // left for the next start, which replays it again: at-least-once, never lost
                }
            }
        }
    }
}
