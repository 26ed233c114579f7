package io.tributary.export.file;

import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.RecordKind;
import io.tributary.export.format.RecordWriter;
import io.tributary.export.storage.Storage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.avro.generic.IndexedRecord;

/** One data file of the open flush, being written as a {@link Storage.Upload}. Not thread-safe. */
final class StagedFile {
    private final Storage.Upload upload;
    private final String finalPath;
    private final ChecksummingOutputStream checksum;
    private final RecordWriter writer;
    private long eventCount;
    private TimeRange timeRange;
    private boolean closed;

    private StagedFile(Storage.Upload upload, String finalPath, ChecksummingOutputStream checksum,
            RecordWriter writer) {
        this.upload = upload;
        this.finalPath = finalPath;
        this.checksum = checksum;
        this.writer = writer;
    }

    /** Starts the format in the upload; {@code finalPath} is its path relative to the topic directory. */
    static StagedFile open(Storage.Upload upload, String finalPath, ExportFormat format, RecordKind kind)
            throws IOException {
        OutputStream file = upload.output();
        try {
            ChecksummingOutputStream checksum = new ChecksummingOutputStream(file);
            RecordWriter writer = format.open(new BufferedOutputStream(checksum, 64 * 1024), kind);
            return new StagedFile(upload, finalPath, checksum, writer);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    void write(IndexedRecord record, long eventTimeNs) throws IOException {
        writer.write(record);
        eventCount++;
        timeRange = timeRange == null ? TimeRange.of(eventTimeNs) : timeRange.including(eventTimeNs);
    }

    /** Completes the format and closes the file; the content is final after this. */
    void finish() throws IOException {
        if (!closed) {
            closed = true;
            writer.close();
        }
    }

    /** Closes without caring about errors, for aborts. */
    void closeQuietly() {
        try {
            finish();
        } catch (IOException | RuntimeException ignored) {
            // the file is deleted next; its content does not matter
        }
    }

    /** The manifest entry; valid after {@link #finish()}. */
    ManifestFile describe(ExportFormat format) {
        return new ManifestFile(finalPath, format.name(), format.compression().configName(), eventCount,
                checksum.count(), checksum.sha256Hex(), timeRange);
    }

    Storage.Upload upload() {
        return upload;
    }

    String finalPath() {
        return finalPath;
    }

    long bytesWritten() {
        return checksum.count();
    }

    long eventCount() {
        return eventCount;
    }

    TimeRange timeRange() {
        return timeRange;
    }
}
