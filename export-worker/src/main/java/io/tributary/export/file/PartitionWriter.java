package io.tributary.export.file;

import io.tributary.export.format.RecordKind;
import io.tributary.export.core.ExportIoException;
import io.tributary.export.core.ExportMetrics;
import io.tributary.export.core.PartitionSink.SkipReason;
import io.tributary.export.storage.BufferPoolExhaustedException;
import io.tributary.export.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes one partition's records into files, exactly once. Records accumulate in an open <em>flush</em>: one
 * staged file per time directory, for a contiguous range of offsets. When the {@link RotationPolicy} says so,
 * or when one more directory would exceed {@link FileWriterOptions#maxOpenFiles()}, the flush is published by
 * {@link FlushPublisher} and its next offset becomes committable. Not thread-safe: the export loop drives it.
 *
 * <p>All I/O goes through the layout's {@link Storage}. Recovering and publishing need the partition's
 * {@linkplain Storage#tryLock lock}: while another writer holds it (a
 * zombie that lost the partition and has not noticed yet, or a range export into the same directory) both fail
 * with an {@link ExportIoException}, which the loop retries. The lock is kept until {@link #close()}.
 */
public final class PartitionWriter {
    private final PartitionPaths paths;
    private final RecordKind kind;
    private final FileWriterOptions options;
    private final ExportMetrics metrics;
    private final Runnable beforePublish;
    private final FlushObserver observer;
    private final Map<String, StagedFile> open = new HashMap<>();
    private final List<StagedFile> openOrder = new ArrayList<>();
    /** Identifies this writer's flush claims on a store without locks. */
    private final String writerId = UUID.randomUUID().toString();

    private long flushStart = -1;
    private long nextOffset = -1;
    private long openedAtMs;
    private long events;
    private long skipped;
    private long deadLettered;
    private long commitOffset = -1;
    private long cachedHour = Long.MIN_VALUE;
    private String cachedTimeDir;
    private Storage.Lock lock;

    /**
     * @param beforePublish runs before a flush is published, e.g. to make dead-lettered records durable; throws
     *     to prevent publication
     */
    public PartitionWriter(String topic, int partition, RecordKind kind, FileWriterOptions options,
            ExportMetrics metrics, Runnable beforePublish) {
        this(topic, partition, kind, options, metrics, beforePublish, FlushObserver.NONE);
    }

    PartitionWriter(String topic, int partition, RecordKind kind, FileWriterOptions options, ExportMetrics metrics,
            Runnable beforePublish, FlushObserver observer) {
        this.paths = PartitionPaths.of(options.layout(), topic, partition);
        this.kind = kind;
        this.options = options;
        this.metrics = metrics;
        this.beforePublish = beforePublish;
        this.observer = observer;
    }

    public OptionalLong recover() {
        try {
            lock();
            return PartitionRecovery.recover(paths);
        } catch (IOException | UncheckedIOException e) {
            throw new ExportIoException("cannot recover " + paths.storage().locate(paths.stagingDir()) + ": " + e,
                    e);
        }
    }

    public void begin(long position) {
        flushStart = position;
        nextOffset = position;
    }

    public void append(long offset, IndexedRecord record) {
        long timeNs = kind.eventTimeNs(record);
        String bucket = options.layout().bucketOf(kind, record, timeDir(timeNs));
        try {
            StagedFile file = open.get(bucket);
            if (file == null && open.size() >= options.maxOpenFiles()) {
                flush();
            }
            if (file == null) {
                file = openFileOrFlush(bucket);
            }
            consumed(offset);
            file.write(record, timeNs);
        } catch (IOException | UncheckedIOException e) {
            throw new ExportIoException("cannot write " + paths.topic() + "-" + paths.partition() + ": " + e, e);
        }
        events++;
        if (events >= options.rotation().maxEvents() || bytesWritten() >= options.rotation().maxBytes()) {
            flush();
        }
    }

    public void skip(long offset, SkipReason reason) {
        consumed(offset);
        if (reason == SkipReason.DEAD_LETTERED) {
            deadLettered++;
        } else {
            skipped++;
        }
    }

    private void consumed(long offset) {
        if (nextOffset == flushStart) {
            openedAtMs = options.clock().millis();
        }
        nextOffset = offset + 1;
    }

    public void flushIfDue() {
        if (nextOffset > flushStart
                && (options.clock().millis() - openedAtMs >= options.rotation().maxAge().toMillis()
                        || !openOrder.isEmpty() && paths.storage().wantsBuffersBack())) {
            flush();
        }
    }

    public void flush() {
        if (nextOffset <= flushStart) {
            return;
        }
        try {
            for (StagedFile f : openOrder) {
                f.finish();
            }
            observer.reached(FlushStep.WRITTEN);
            lock();
            beforePublish.run();
            Manifest manifest = manifest();
            FlushPublisher.publish(paths, openOrder, manifest, writerId, observer);
            metrics.written(paths.topic(), manifest.eventCount(), manifest.files().stream()
                    .mapToLong(ManifestFile::bytes).sum());
        } catch (IOException | UncheckedIOException e) {
            throw new ExportIoException("cannot publish flush of " + paths.topic() + "-" + paths.partition()
                    + " at offset " + flushStart + ": " + e, e);
        }
        commitOffset = nextOffset;
        reset(nextOffset);
    }

    private Manifest manifest() {
        List<ManifestFile> files = new ArrayList<>(openOrder.size());
        TimeRange range = null;
        for (StagedFile f : openOrder) {
            files.add(f.describe(options.format()));
            range = f.timeRange() == null ? range : f.timeRange().union(range);
        }
        return new Manifest(Manifest.CURRENT_VERSION, options.clock().instant(), paths.topic(), paths.partition(),
                flushStart, nextOffset - 1, events, range, options.format().name(),
                options.format().compression().configName(), options.format().escapesFormulas(), skipped,
                deadLettered, options.filters(), files);
    }

    public OptionalLong takeCommitOffset() {
        if (commitOffset < 0) {
            return OptionalLong.empty();
        }
        long offset = commitOffset;
        commitOffset = -1;
        return OptionalLong.of(offset);
    }

    public long restartOffset() {
        return flushStart;
    }

    public void abort() {
        for (StagedFile f : openOrder) {
            f.closeQuietly();
            try {
                f.upload().discard();
            } catch (IOException ignored) {
                // recover() cleans the staging directory before the next attempt
            }
        }
        // A flush intent, if the failure came during the renames, stays: recover(), which the loop runs before
        // retrying, rolls it back, or finds the flush published if only the last fsync failed.
        reset(flushStart);
    }

    /** Discards the open flush and lets go of the partition, so that its next owner can have it. */
    public void close() {
        abort();
        releaseLock();
    }

    /** What the OS does when the writer's process dies: drops the lock, and nothing else. For tests. */
    void dieWithoutCleanup() {
        releaseLock();
    }

    private void releaseLock() {
        if (lock != null) {
            lock.release();
            lock = null;
        }
    }

    private void lock() throws IOException {
        if (lock != null) {
            return;
        }
        lock = paths.storage().tryLock(paths.lockFile()).orElseThrow(() -> new ExportIoException(
                paths.topic() + "-" + paths.partition() + " is held by another writer ("
                        + paths.storage().locate(paths.lockFile()) + " is locked): waiting for it to let go", null));
    }

    /** Records in the open flush. */
    public long openEvents() {
        return events;
    }

    private void reset(long position) {
        open.clear();
        openOrder.clear();
        events = 0;
        skipped = 0;
        deadLettered = 0;
        begin(position);
    }

    /**
     * Opens the file of a new directory. A store whose shared buffers are all lent out refuses; then this
     * partition completes its own open flush to give its buffers back, and, holding none, fails (the loop pauses
     * it and retries while the others, seeing {@link Storage#wantsBuffersBack()}, complete theirs).
     */
    private StagedFile openFileOrFlush(String bucket) throws IOException {
        try {
            return openFile(bucket);
        } catch (BufferPoolExhaustedException e) {
            if (openOrder.isEmpty()) {
                throw e;
            }
            flush();
            return openFile(bucket);
        }
    }

    private StagedFile openFile(String bucket) throws IOException {
        String path = bucket + '/' + ExportLayout.dataFileName(paths.topic(), paths.partition(), flushStart,
                options.format().extension());
        Storage.Upload upload = paths.storage().create(paths.dataFile(path), paths.stagedFile(openOrder.size()));
        StagedFile file = StagedFile.open(upload, path, options.format(), kind);
        open.put(bucket, file);
        openOrder.add(file);
        return file;
    }

    private long bytesWritten() {
        long bytes = 0;
        for (StagedFile f : openOrder) {
            bytes += f.bytesWritten();
        }
        return bytes;
    }

    private String timeDir(long timeNs) {
        long hour = ExportLayout.hourOf(timeNs);
        if (hour != cachedHour) {
            cachedHour = hour;
            cachedTimeDir = ExportLayout.timeDir(hour);
        }
        return cachedTimeDir;
    }
}
