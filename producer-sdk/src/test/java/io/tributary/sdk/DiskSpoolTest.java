package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {
    @TempDir
    Path dir;

    @Test
    void replaysInOrderAndDeletesSegmentsOnceResolved() throws IOException {
        Counters counters = new Counters();
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 1024, counters)) {
            spool.append(events(0, 100));
            assertThat(spool.unread()).isEqualTo(100);

            List<PendingEvent> read = readAll(spool);
            assertThat(read).extracting(e -> new String(e.value, StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(values(0, 100));
            read.forEach(e -> e.origin.resolve());
            spool.read(1); // lets the spool drop segments that are done
            assertThat(segments()).isEmpty();
            assertThat(counters.spooled.sum()).isEqualTo(100);
            assertThat(counters.replayed.sum()).isEqualTo(100);
        }
    }

    @Test
    void aNewSpoolRecoversWhatAnEarlierOneLeft() throws IOException {
        try (DiskSpool first = new DiskSpool(dir, 1 << 20, 1024, new Counters())) {
            first.append(events(0, 50));
        }
        Counters counters = new Counters();
        try (DiskSpool second = new DiskSpool(dir, 1 << 20, 1024, counters)) {
            assertThat(second.recovered()).isEqualTo(50);
            assertThat(readAll(second)).extracting(e -> new String(e.value, StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(values(0, 50));
        }
    }

    @Test
    void whenFullTheOldestSegmentGoesAndIsCounted() throws IOException {
        Counters counters = new Counters();
        try (DiskSpool spool = new DiskSpool(dir, 4096, 1024, counters)) {
            spool.append(events(0, 200));
            long dropped = counters.dropped(DropReason.SPOOL_FULL);
            assertThat(dropped).isPositive();
            List<PendingEvent> left = readAll(spool);
            assertThat(left.size() + dropped).isEqualTo(200);
            // What survives is the newest events, still in order.
            assertThat(left).extracting(e -> new String(e.value, StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(values(200 - left.size(), 200));
        }
    }

    @Test
    void aFailureMidAppendKeepsExactlyTheEventsItCountedAndAppendingResumesOnceItClears() throws IOException {
        Counters counters = new Counters();
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 1024, counters)) {
            // The second segment's name is taken: rolling over to it fails part-way through the batch.
            Path taken = Files.createFile(dir.resolve(String.format("segment-%020d.spool", 1)));
            SpoolWriteException e = catchThrowableOfType(SpoolWriteException.class,
                    () -> spool.append(events(0, 200)));
            assertThat(e.appended()).isBetween(1, 199).isEqualTo((int) counters.spooled.sum());
            assertThat(spool.unread()).isEqualTo(e.appended());

            Files.delete(taken);
            spool.append(events(200, 250));
            assertThat(readAll(spool)).extracting(r -> new String(r.value, StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(concat(values(0, e.appended()), values(200, 250)));
            assertThat(counters.spooled.sum()).isEqualTo(e.appended() + 50);
        }
    }

    @Test
    void aCorruptRecordFoundOnReplayCountsItAndTheRestOfItsSegmentAsDropped() throws IOException {
        try (DiskSpool first = new DiskSpool(dir, 1 << 20, 1 << 20, new Counters())) {
            first.append(events(0, 10));
        }
        Path segment = segments().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[24 * 5 + 20] ^= 0x55; // records are 24 bytes here: this flips a bit in the sixth one's value
        Files.write(segment, bytes);
        Counters counters = new Counters();
        try (DiskSpool second = new DiskSpool(dir, 1 << 20, 1 << 20, counters)) {
            assertThat(second.recovered()).isEqualTo(10);
            assertThat(readAll(second)).extracting(r -> new String(r.value, StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(values(0, 5));
            assertThat(counters.dropped(DropReason.SPOOL_ERROR)).isEqualTo(5);
            assertThat(counters.replayed.sum()).isEqualTo(10); // out of the spool: 5 read, 5 lost
            assertThat(second.unread()).isZero();
        }
    }

    @Test
    void aFailureMidAppendOtherThanAnIoErrorLeavesNothingHalfGatheredForTheNextAppend() throws IOException {
        Counters counters = new Counters();
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 1 << 20, counters)) {
            List<PendingEvent> batch = events(0, 3);
            batch.get(2).value = null; // fails between records, after two were gathered (as an Error would)
            Throwable e = catchThrowable(() -> spool.append(batch));
            assertThat(e).isInstanceOf(SpoolWriteException.class); // counted by the caller like an I/O error
            assertThat(((SpoolWriteException) e).appended()).isZero();
            assertThat(counters.spooled.sum()).isZero();

            spool.append(events(3, 5));
            assertThat(counters.spooled.sum()).isEqualTo(2);
            assertThat(spool.unread()).isEqualTo(2);
            assertThat(readAll(spool)).extracting(r -> new String(r.value, StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(values(3, 5));
        }
    }

    @Test
    void aReadErrorPartWayReturnsTheEventsAlreadyReadAndIsReportedByTheNextRead() throws IOException {
        try (DiskSpool first = new DiskSpool(dir, 1 << 20, 1 << 20, new Counters())) {
            first.append(events(0, 10));
        }
        Counters counters = new Counters();
        // records are 24 bytes here: the stream fails in the middle of the sixth one
        try (DiskSpool second = new DiskSpool(dir, 1 << 20, 1 << 20, counters, file -> failingAfter(file, 24 * 5 + 7))) {
            assertThat(second.read(100)).extracting(r -> new String(r.value, StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(values(0, 5));
            assertThat(counters.replayed.sum()).isEqualTo(5);
            assertThat(catchThrowableOfType(IOException.class, () -> second.read(100))).hasMessage("disk gone");
        }
    }

    @Test
    void eventsHandedBackAreReadAgainFirstAndCountAsSpooledMeanwhile() throws IOException {
        Counters counters = new Counters();
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 1024, counters)) {
            spool.append(events(0, 20));
            List<PendingEvent> read = spool.read(10);
            spool.handBack(read.subList(4, 10));
            assertThat(counters.replayed.sum()).isEqualTo(4);
            assertThat(spool.unread()).isEqualTo(16);
            spool.append(events(20, 25));
            assertThat(readAll(spool)).extracting(r -> new String(r.value, StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(values(4, 25));
            assertThat(counters.replayed.sum()).isEqualTo(25);
        }
    }

    @Test
    void aSegmentThatFailedToOpenIsOpenedAgainByTheNextRead() throws IOException {
        try (DiskSpool first = new DiskSpool(dir, 1 << 20, 1 << 20, new Counters())) {
            first.append(events(0, 10));
        }
        Counters counters = new Counters();
        AtomicInteger opens = new AtomicInteger();
        DiskSpool.Opener opener = file -> {
            if (opens.getAndIncrement() == 0) {
                throw new FileSystemException(file.toString(), null, "Too many open files");
            }
            return new FileInputStream(file.toFile());
        };
        try (DiskSpool second = new DiskSpool(dir, 1 << 20, 1 << 20, counters, opener)) {
            assertThat(catchThrowable(() -> second.read(100))).isInstanceOf(FileSystemException.class);
            assertThat(counters.replayed.sum()).isZero();
            assertThat(second.unread()).isEqualTo(10);

            List<PendingEvent> read = readAll(second);
            assertThat(read).extracting(r -> new String(r.value, StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(values(0, 10));
            assertThat(counters.replayed.sum()).isEqualTo(10);
            assertThat(counters.dropped(DropReason.SPOOL_ERROR)).isZero();
            read.forEach(e -> e.origin.resolve());
            assertThat(segments()).isEmpty();
        }
    }

    @Test
    void aSegmentThatFailedToOpenCanStillBeEvictedToMakeRoom() throws IOException {
        Counters counters = new Counters();
        AtomicInteger opens = new AtomicInteger();
        DiskSpool.Opener opener = file -> {
            if (opens.getAndIncrement() == 0) {
                throw new FileSystemException(file.toString(), null, "Permission denied");
            }
            return new FileInputStream(file.toFile());
        };
        try (DiskSpool spool = new DiskSpool(dir, 4096, 1024, counters, opener)) {
            spool.append(events(0, 100));
            Path oldest = segments().stream().sorted().findFirst().orElseThrow();
            assertThat(catchThrowable(() -> spool.read(100))).isInstanceOf(FileSystemException.class);

            spool.append(events(100, 200)); // the segment that failed to open is the first to go
            long dropped = counters.dropped(DropReason.SPOOL_FULL);
            assertThat(dropped).isPositive();
            assertThat(oldest).doesNotExist();
            List<PendingEvent> left = readAll(spool);
            assertThat(left.size() + dropped).isEqualTo(200);
            assertThat(left).extracting(e -> new String(e.value, StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(values(200 - left.size(), 200));
            assertThat(counters.spooled.sum() - counters.replayed.sum() - dropped).isZero();
        }
    }

    @Test
    void aSegmentFileDeletedBeforeReplayCountsItsEventsAsSpoolErrorOnceAndReplayGoesOnWithTheNext()
            throws IOException {
        Counters counters = new Counters();
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, 1024, counters)) {
            spool.append(events(0, 100));
            Path oldest = segments().stream().sorted().findFirst().orElseThrow();
            Files.delete(oldest);

            List<PendingEvent> left = readAll(spool);
            long lost = counters.dropped(DropReason.SPOOL_ERROR);
            assertThat(lost).isPositive();
            assertThat(left).extracting(e -> new String(e.value, StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(values((int) lost, 100));
            assertThat(counters.replayed.sum()).isEqualTo(100); // out of the spool: read, or lost once
            assertThat(spool.unread()).isZero();
            assertThat(readAll(spool)).isEmpty();
            assertThat(counters.dropped(DropReason.SPOOL_ERROR)).isEqualTo(lost);
            left.forEach(e -> e.origin.resolve());
            spool.read(1);
            assertThat(segments()).isEmpty();
        }
    }

    @Test
    void aSegmentFileDeletedPartWayThroughItsReplayCountsOnlyItsUnreadEventsAsSpoolError() throws IOException {
        Counters counters = new Counters();
        try (DiskSpool second = tenEventsReadWithAHiccupInTheSixth(counters)) {
            List<PendingEvent> read = second.read(100);
            assertThat(read).hasSize(5);
            assertThat(catchThrowable(() -> second.read(100))).hasMessage("disk hiccup");
            Files.delete(segments().get(0));

            assertThat(second.read(100)).isEmpty();
            assertThat(counters.dropped(DropReason.SPOOL_ERROR)).isEqualTo(5);
            assertThat(counters.replayed.sum()).isEqualTo(10);
            assertThat(second.unread()).isZero();
            assertThat(second.read(100)).isEmpty();
            assertThat(counters.dropped(DropReason.SPOOL_ERROR)).isEqualTo(5);
        }
    }

    /**
     * Ten events left in the spool by an earlier process, read back through a stream that fails once in the
     * middle of the sixth record (records are 24 bytes here) and then reads on; later opens read normally.
     */
    private DiskSpool tenEventsReadWithAHiccupInTheSixth(Counters counters) throws IOException {
        try (DiskSpool first = new DiskSpool(dir, 1 << 20, 1 << 20, new Counters())) {
            first.append(events(0, 10));
        }
        AtomicInteger opens = new AtomicInteger();
        DiskSpool.Opener opener = file -> opens.getAndIncrement() == 0
                ? failingOnceAt(file, 24 * 5 + 7)
                : new FileInputStream(file.toFile());
        return new DiskSpool(dir, 1 << 20, 1 << 20, counters, opener);
    }

    /**
     * A stream that fails once mid-record, then reads on (a transient I/O error): bytes the buffered reader had
     * taken before the error are gone from it, so the segment must be read again from its last whole record.
     */
    @Test
    void aTransientReadErrorMidRecordLosesNoEvent() throws IOException {
        Counters counters = new Counters();
        try (DiskSpool second = tenEventsReadWithAHiccupInTheSixth(counters)) {
            List<PendingEvent> read = new ArrayList<>(second.read(100));
            assertThat(read).hasSize(5);
            assertThat(catchThrowable(() -> second.read(100))).hasMessage("disk hiccup");
            read.addAll(readAll(second));

            assertThat(read).extracting(r -> new String(r.value, StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(values(0, 10));
            assertThat(counters.dropped(DropReason.SPOOL_ERROR)).isZero();
            assertThat(counters.replayed.sum()).isEqualTo(10);
            assertThat(second.unread()).isZero();
            read.forEach(e -> e.origin.resolve());
            assertThat(segments()).isEmpty();
        }
    }

    @Test
    void fitsDoesNotCountSegmentsThatCallbacksDeletedMeanwhile() throws IOException {
        Counters counters = new Counters();
        try (DiskSpool spool = new DiskSpool(dir, 4096, 1024, counters)) {
            spool.append(events(0, 100)); // about 2.5 KB of 4 KB
            assertThat(spool.fits(events(100, 200))).isFalse();
            List<PendingEvent> read = readAll(spool);
            read.forEach(e -> e.origin.resolve()); // as delivery callbacks do, on Kafka's network thread
            assertThat(segments()).isEmpty();

            assertThat(spool.fits(events(100, 200))).isTrue();
        }
    }

    /** The file's bytes, with one I/O error when reading reaches {@code at}. */
    private static InputStream failingOnceAt(Path file, int at) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return new InputStream() {
            private int position;
            private boolean failed;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (position == at && !failed) {
                    failed = true;
                    throw new IOException("disk hiccup");
                }
                int end = position < at && !failed ? at : bytes.length;
                int n = Math.min(len, end - position);
                if (n <= 0) {
                    return -1;
                }
                System.arraycopy(bytes, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /** The file's bytes up to {@code limit}, then an I/O error. */
    private static InputStream failingAfter(Path file, int limit) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position >= limit) {
                    throw new IOException("disk gone");
                }
                return bytes[position++] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position >= limit) {
                    throw new IOException("disk gone");
                }
                int n = Math.min(len, Math.min(limit, bytes.length) - position);
                if (n <= 0) {
                    return -1;
                }
                System.arraycopy(bytes, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private List<Path> segments() throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static List<PendingEvent> readAll(DiskSpool spool) throws IOException {
        List<PendingEvent> all = new ArrayList<>();
        for (List<PendingEvent> batch = spool.read(7); !batch.isEmpty(); batch = spool.read(7)) {
            all.addAll(batch);
        }
        return all;
    }

    private static List<PendingEvent> events(int from, int to) {
        List<PendingEvent> events = new ArrayList<>();
        for (String value : values(from, to)) {
            PendingEvent e = new PendingEvent(null, null, 10);
            e.key = "session";
            e.value = value.getBytes(StandardCharsets.UTF_8);
            events.add(e);
        }
        return events;
    }

    private static List<String> values(int from, int to) {
        List<String> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add("event-" + i);
        }
        return values;
    }
}
