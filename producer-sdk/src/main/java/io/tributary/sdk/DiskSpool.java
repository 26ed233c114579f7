package io.tributary.sdk;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Append-only segment files that hold encoded events while the broker is unreachable, replayed oldest first.
 *
 * <p>A record is {@code [int length][int crc32][short keyLength][key][value]}. Events are appended to the
 * active segment; replay reads sealed segments only (the active one is sealed when replay reaches it), and a
 * segment is deleted once every record read from it has been delivered, re-spooled or dropped. When the
 * spool would exceed its byte limit the oldest segment is deleted and its unread events are counted as
 * {@link DropReason#SPOOL_FULL} (the sender checks {@link #fits} first while Kafka is reachable, and sends
 * instead). On start, segments left by an earlier process are found and replayed. This class writes; its
 * {@link SpoolReader} reads.
 *
 * <p>Read errors lose nothing that is intact on disk. When a segment cannot be opened (too many open files,
 * permission denied), it stays the next one to read and the next {@link #read} tries again. When reading fails
 * part-way (an I/O error, perhaps mid-record), the reader is closed; the next read opens the segment again and
 * goes on from its first record not yet read, so bytes the failed reader had taken are read again. A segment
 * whose file is gone (deleted by someone else), or is shorter than what was already read from it, cannot be
 * read: its records not yet read are counted once as read and lost ({@link DropReason#SPOOL_ERROR}), as for a
 * corrupt record, and replay goes on with the next segment.
 *
 * <p>Every event is counted once in and once out: {@link Counters#spooled} when its record reached the file;
 * out either as {@link Counters#replayed} when read back, or when found unreadable (corrupt on disk; then it and
 * the rest of its segment also count as {@link DropReason#SPOOL_ERROR}), or as {@link DropReason#SPOOL_FULL}
 * when its segment was deleted unread to make room. An event read back whose send failed before Kafka took it
 * is handed back with {@link #handBack}: it never left its segment, so it counts as in the spool again
 * ({@code replayed} is taken back) and is the next one read. When a write fails part-way through
 * {@link #append} (an I/O error, or anything else thrown meanwhile), the segment is cut back to its last whole
 * record and closed, and the exception says how many of the events were appended; the caller counts the rest.
 *
 * <p>What a {@code kill -9} can lose: nothing that was appended (writes reach the OS before
 * {@link #append} returns); replayed events that were delivered but whose segment was not yet deleted are
 * sent again (at-least-once; downstream de-duplicates by {@code event_id}). A power loss can also lose the
 * last appends not yet synced, since segments are fsynced on sealing and on close only.
 *
 * <p>File I/O goes through {@link RandomAccessFile} and {@link FileInputStream}, which an interrupt does not
 * abort: {@link TributaryClient#close} interrupts sender threads and their events must still reach the spool.
 *
 * <p>Used by the dispatching thread only; not thread-safe, except {@link SpoolSegment#resolve}, which callbacks
 * call.
 */
final class DiskSpool implements AutoCloseable {
    private static final String SUFFIX = ".spool";
    private static final int RECORD_OVERHEAD = 10;
    /** Records are gathered in memory and written to the file in chunks of about this size. */
    private static final int CHUNK_BYTES = 65536;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final Counters counters;
    private final Deque<SpoolSegment> sealed = new ArrayDeque<>();
    private SpoolSegment active;
    private RandomAccessFile activeFile;
    /** Records encoded for the active segment, not yet written; not counted in {@code active} yet. */
    private final Chunk chunk = new Chunk();
    private int chunkRecords;
    private int appended; // by the current append call, written and counted
    private final SpoolReader reader;
    private long nextSequence;
    private long recovered;

    DiskSpool(Path dir, long maxBytes, long segmentBytes, Counters counters) throws IOException {
        this(dir, maxBytes, segmentBytes, counters, file -> new FileInputStream(file.toFile()));
    }

    /** @param opener opens a segment for replay (tests make it fail) */
    DiskSpool(Path dir, long maxBytes, long segmentBytes, Counters counters, Opener opener) throws IOException {
        this.reader = new SpoolReader(sealed, counters, opener, this::sealActiveIfAny);
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.min(segmentBytes, maxBytes);
        this.counters = counters;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                SpoolSegment segment = new SpoolSegment(file, sequenceOf(file));
                segment.records = SpoolReader.countRecords(file);
                segment.bytes = Files.size(file);
                recovered += segment.records;
                sealed.addLast(segment);
                nextSequence = Math.max(nextSequence, segment.sequence + 1);
            }
        }
    }

    /** The spool of the client's settings, or null when it has none. */
    static DiskSpool open(ClientConfig config, Counters counters) {
        if (config.spoolDir() == null) {
            return null;
        }
        try {
            return new DiskSpool(config.spoolDir(), config.spoolMaxBytes(), config.spoolSegmentBytes(), counters);
        } catch (IOException e) {
            throw new TributaryConfigException("cannot open the spool directory " + config.spoolDir() + ": " + e, e);
        }
    }

    /** Events found in segments left by an earlier process. */
    long recovered() {
        return recovered;
    }

    /** Events in the spool that have not been read back yet. */
    long unread() {
        long unread = reader.handedBack() + (active == null ? 0 : active.records);
        for (SpoolSegment segment : sealed) {
            unread += segment.records - segment.read;
        }
        return unread;
    }

    /**
     * Appends the events in order, counting each in {@link Counters#spooled} once its record is written.
     *
     * @throws SpoolWriteException on an I/O error, saying how many of the events (the first ones) were appended
     *                             and counted; none of the others was, and the caller counts them
     */
    void append(List<PendingEvent> events) throws SpoolWriteException {
        sealed.removeIf(SpoolSegment::deleted);
        appended = 0;
        try {
            DataOutputStream out = new DataOutputStream(chunk);
            for (PendingEvent event : events) {
                byte[] key = event.key.getBytes(StandardCharsets.UTF_8);
                long size = recordSize(key.length, event.value.length);
                makeRoom(size);
                if (active == null || active.bytes + chunk.size() + size > segmentBytes) {
                    rollActive();
                }
                CRC32 crc = new CRC32();
                crc.update(key);
                crc.update(event.value);
                out.writeInt((int) (size - 4));
                out.writeInt((int) crc.getValue());
                out.writeShort(key.length);
                out.write(key);
                out.write(event.value);
                chunkRecords++;
                if (chunk.size() >= CHUNK_BYTES) {
                    writeChunk();
                }
            }
            writeChunk();
        } catch (IOException | RuntimeException | Error e) {
            // Records gathered but not written are not spooled: the caller counts them with the rest. Whatever
            // failed (an I/O error, or say an OutOfMemoryError midway through a record), the chunk is emptied,
            // so no partial record and no uncounted one is written by the next append.
            chunk.reset();
            chunkRecords = 0;
            throw new SpoolWriteException(appended, e);
        }
    }

    /**
     * True when the events can be appended without deleting any segment to make room (that is, without
     * dropping older spooled events).
     */
    boolean fits(List<PendingEvent> events) {
        long incoming = 0;
        for (PendingEvent event : events) {
            incoming += recordSize(utf8Length(event.key), event.value.length);
        }
        sealed.removeIf(SpoolSegment::deleted); // delivery callbacks may have deleted some since the last look
        return total() + incoming <= maxBytes;
    }

    /**
     * Hands back events returned by {@link #read} that were not delivered and never reached Kafka, in the order
     * read: they are read again, first. They are still in their segments, which stay on disk until they are
     * resolved, so they count as in the spool again, and a process ending now replays them at its next start.
     */
    void handBack(List<PendingEvent> events) {
        reader.handBack(events);
    }

    /**
     * Reads up to {@code max} unread events, oldest first. When reading fails after some events, those are
     * returned and the error is thrown by the next call; the call after that reads on from the first event not
     * yet returned.
     */
    List<PendingEvent> read(int max) throws IOException {
        return reader.read(max);
    }

    @Override
    public void close() throws IOException {
        reader.close();
        if (activeFile != null) {
            syncAndCloseActiveFile();
        }
    }

    /** The bytes a record takes in a segment. */
    private static long recordSize(int keyBytes, int valueBytes) {
        return RECORD_OVERHEAD + keyBytes + valueBytes;
    }

    private void syncAndCloseActiveFile() throws IOException {
        try (RandomAccessFile file = activeFile) {
            activeFile = null;
            file.getFD().sync();
        }
    }

    private void makeRoom(long incoming) throws IOException {
        while (total() + incoming > maxBytes && !sealed.isEmpty()) {
            SpoolSegment oldest = sealed.pollFirst();
            // Its events handed back after a failed send were read, but are unread again: they go with it.
            long handedBackLost = reader.forget(oldest);
            counters.drop(DropReason.SPOOL_FULL, oldest.records - oldest.read + handedBackLost,
                    System.currentTimeMillis());
            Files.deleteIfExists(oldest.file);
            oldest.deleted = true;
        }
        if (total() + incoming > maxBytes && active != null && active.records + chunkRecords > 0) {
            sealActive();
            makeRoom(incoming);
        }
    }

    private long total() {
        long total = active == null ? 0 : active.bytes + chunk.size();
        for (SpoolSegment segment : sealed) {
            total += segment.bytes;
        }
        return total;
    }

    private void rollActive() throws IOException {
        if (active != null) {
            sealActive();
        }
        Path file = dir.resolve(String.format("segment-%020d%s", nextSequence, SUFFIX));
        long sequence = nextSequence++;
        Files.createFile(file); // fails if the name is taken: never append to a file we did not start
        try {
            activeFile = new RandomAccessFile(file.toFile(), "rw");
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        active = new SpoolSegment(file, sequence);
    }

    /** Writes the gathered records to the active segment and counts them; on failure, closes the segment. */
    private void writeChunk() throws IOException {
        if (chunkRecords == 0) {
            return;
        }
        try {
            chunk.writeTo(activeFile);
        } catch (IOException | RuntimeException | Error e) {
            abandonActive();
            throw e;
        }
        active.records += chunkRecords;
        active.bytes += chunk.size();
        counters.spooled.add(chunkRecords);
        appended += chunkRecords;
        chunk.reset();
        chunkRecords = 0;
    }

    /**
     * After a failed write: the chunk may have reached the file in part, so the file is cut back to its last
     * whole record and no longer appended to. Its whole records stay for replay.
     */
    private void abandonActive() {
        chunk.reset();
        chunkRecords = 0;
        SpoolSegment segment = active;
        active = null;
        try (RandomAccessFile file = activeFile) {
            activeFile = null;
            file.setLength(segment.bytes);
        } catch (IOException e) {
            // replay reads the segment's counted records only, and stops before whatever follows them
        }
        if (segment.records > 0) {
            sealed.addLast(segment);
        } else {
            try {
                Files.deleteIfExists(segment.file);
            } catch (IOException e) {
                // an empty or torn segment: the next start finds no whole record in it
            }
        }
    }

    /** Seals the active segment when it holds records, so that replay can read it; true when it did. */
    private boolean sealActiveIfAny() throws IOException {
        if (active == null || active.records == 0) {
            return false;
        }
        sealActive();
        return true;
    }

    private void sealActive() throws IOException {
        writeChunk();
        SpoolSegment segment = active;
        active = null;
        sealed.addLast(segment);
        syncAndCloseActiveFile();
    }

    private static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring("segment-".length(), name.length() - SUFFIX.length()));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** Opens a segment file for reading. */
    @FunctionalInterface
    interface Opener {
        InputStream open(Path file) throws IOException;
    }

    /** The records gathered for one write. */
    private static final class Chunk extends ByteArrayOutputStream {
        Chunk() {
            super(CHUNK_BYTES + 1024);
        }

        void writeTo(RandomAccessFile file) throws IOException {
            file.write(buf, 0, count);
        }
    }
}
