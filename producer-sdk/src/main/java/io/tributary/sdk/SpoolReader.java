package io.tributary.sdk;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The replay side of a {@link DiskSpool}: reads its sealed segments oldest first, one record at a time, and
 * holds the events handed back after a failed send, which are read again first. See {@link DiskSpool} for what
 * happens on read errors. Used by the sender only, like the spool.
 */
final class SpoolReader {
    private final Deque<SpoolSegment> sealed;
    private final Counters counters;
    private final DiskSpool.Opener opener;
    /** Seals the spool's active segment when it holds records; true when it did. */
    private final Sealer sealer;
    private DataInputStream reader;
    private SpoolSegment reading;
    /** Events read, then handed back by {@link #handBack}: read again before anything else. */
    private final Deque<PendingEvent> handedBack = new ArrayDeque<>();
    /** A read error that came after some events of that {@link #read} call: reported by the next call. */
    private IOException readError;

    /** Seals the spool's active segment, when it holds records, so that it can be read. */
    @FunctionalInterface
    interface Sealer {
        boolean sealActive() throws IOException;
    }

    /** @param sealed the spool's sealed segments, oldest first (shared with the spool, which appends to it) */
    SpoolReader(Deque<SpoolSegment> sealed, Counters counters, DiskSpool.Opener opener, Sealer sealer) {
        this.sealed = sealed;
        this.counters = counters;
        this.opener = opener;
        this.sealer = sealer;
    }

    /** Events handed back and not read again yet. */
    int handedBack() {
        return handedBack.size();
    }

    /** See {@link DiskSpool#handBack}. */
    void handBack(List<PendingEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            handedBack.addFirst(events.get(i));
        }
        counters.replayed.add(-events.size());
    }

    /** See {@link DiskSpool#read}. */
    List<PendingEvent> read(int max) throws IOException {
        if (readError != null) {
            IOException e = readError;
            readError = null;
            throw e;
        }
        sealed.removeIf(SpoolSegment::deleted);
        List<PendingEvent> events = new ArrayList<>(Math.min(max, 512));
        while (events.size() < max && !handedBack.isEmpty()) {
            events.add(handedBack.pollFirst());
        }
        try {
            readRecords(events, max);
        } catch (IOException | RuntimeException | Error e) {
            // Any failure, so that events already taken (handed back ones among them) are never lost with it.
            IOException error = e instanceof IOException io ? io : new IOException("spool read failed: " + e, e);
            if (events.isEmpty()) {
                throw error;
            }
            // Returned now, these events are not read again; the error is reported by the next call.
            readError = error;
        }
        counters.replayed.add(events.size());
        return events;
    }

    /**
     * The segment is being deleted to make room: stops reading it, and forgets its events handed back. Returns
     * how many of those there were (read, but unread again: they go with it).
     */
    long forget(SpoolSegment segment) {
        if (segment == reading) {
            dropReader();
        }
        long lost = 0;
        for (var it = handedBack.iterator(); it.hasNext(); ) {
            if (it.next().origin == segment) {
                it.remove();
                lost++;
            }
        }
        return lost;
    }

    /** Closes the segment being read, if any. */
    void close() {
        closeReader();
    }

    /** Counts the whole records of a segment file (a torn last record is not one). */
    static long countRecords(Path file) throws IOException {
        long count = 0;
        try (InputStream in = new BufferedInputStream(new FileInputStream(file.toFile()), 65536);
             DataInputStream data = new DataInputStream(in)) {
            while (true) {
                int length = data.readInt();
                if (length < 6) {
                    break;
                }
                data.skipNBytes(length);
                count++;
            }
        } catch (EOFException e) {
            // end of segment, or a torn last record that replay will stop at
        }
        return count;
    }

    private void readRecords(List<PendingEvent> events, int max) throws IOException {
        while (events.size() < max) {
            if (reading == null && !openNextForReading()) {
                break;
            }
            if (reading.read == reading.records) {
                closeReader();
                continue;
            }
            PendingEvent event;
            try {
                event = readRecord();
            } catch (IOException | RuntimeException | Error e) {
                // Maybe mid-record: the reader has taken bytes of a record that is not returned. It is dropped,
                // and the next read opens the segment again at its first unread record.
                dropReader();
                throw e;
            }
            if (event == null) {
                // A torn final record (a crash mid-write) or a corrupt one: what follows it in this segment is
                // unreadable.
                loseUnread(reading);
                closeReader();
                continue;
            }
            events.add(event);
        }
    }

    private PendingEvent readRecord() throws IOException {
        try {
            int length = reader.readInt();
            int crc = reader.readInt();
            int keyLength = reader.readUnsignedShort();
            byte[] key = reader.readNBytes(keyLength);
            if (length < 6 + keyLength) {
                return null;
            }
            byte[] value = reader.readNBytes(length - 6 - keyLength);
            if (key.length != keyLength || value.length != length - 6 - keyLength) {
                return null;
            }
            CRC32 check = new CRC32();
            check.update(key);
            check.update(value);
            if ((int) check.getValue() != crc) {
                return null;
            }
            reading.read++;
            reading.readBytes += 4L + length;
            return PendingEvent.replayed(new String(key, StandardCharsets.UTF_8), value, reading);
        } catch (EOFException e) {
            return null;
        }
    }

    private boolean openNextForReading() throws IOException {
        while (true) {
            SpoolSegment next = firstUnread();
            if (next == null && sealer.sealActive()) {
                next = firstUnread();
            }
            if (next == null) {
                return false;
            }
            DataInputStream in;
            try {
                in = openAt(next);
            } catch (IOException e) {
                if (!(e instanceof EOFException) && !Files.notExists(next.file)) {
                    throw e; // the file is there (too many open files, permission denied...): tried again next read
                }
                // Deleted by someone else, or cut shorter than what was read from it: what is unread is lost.
                loseUnread(next);
                next.deleteIfDone();
                sealed.removeIf(SpoolSegment::deleted);
                continue;
            }
            // Set only once open: a segment being read always has its reader.
            reading = next;
            reader = in;
            return true;
        }
    }

    /** Opens the segment at its first unread record. */
    private DataInputStream openAt(SpoolSegment segment) throws IOException {
        InputStream in = opener.open(segment.file);
        try {
            in.skipNBytes(segment.readBytes);
            return new DataInputStream(new BufferedInputStream(in, 65536));
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(in);
            throw e;
        }
    }

    /**
     * The segment's records not yet read cannot be read. They were counted in (spooled or recovered): they
     * leave as read and lost, once, and the segment is done once its records read are resolved.
     */
    private void loseUnread(SpoolSegment segment) {
        long lost = segment.records - segment.read;
        counters.replayed.add(lost);
        counters.drop(DropReason.SPOOL_ERROR, lost, System.currentTimeMillis());
        segment.records = segment.read;
        segment.fullyRead = true;
    }

    private SpoolSegment firstUnread() {
        for (SpoolSegment segment : sealed) {
            if (segment.read < segment.records) {
                return segment;
            }
        }
        return null;
    }

    private void closeReader() {
        if (reader != null) {
            closeQuietly(reader);
            reader = null;
        }
        if (reading != null) {
            reading.fullyRead = reading.read == reading.records;
            reading.deleteIfDone();
            reading = null;
        }
        sealed.removeIf(SpoolSegment::deleted);
    }

    /** Closes the reader of a segment not read to its end: the next read opens it again where reading stopped. */
    private void dropReader() {
        if (reader != null) {
            closeQuietly(reader);
        }
        reader = null;
        reading = null;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // a stream only read from: nothing is lost
        }
    }
}
