package io.tributary.export.storage.s3;

import io.tributary.export.storage.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An upload of {@link S3Storage}: a multipart upload fed from one pooled part buffer. When the buffer is full
 * its bytes go up as a part and the buffer is reused; {@link #sync()} sends the rest as the last part and gives
 * the buffer back; {@link #publish()} completes the upload, which makes the object appear whole. Until then
 * nothing is visible under the name: a writer that dies leaves an incomplete multipart upload, which recovery
 * aborts or completes. Not thread-safe.
 */
final class S3Upload implements Storage.Upload {
    private final S3Storage storage;
    private final String name;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final PartOutput output = new PartOutput();
    private byte[] buffer;
    private int filled;
    private String uploadId;
    private boolean closed;
    private boolean synced;
    private boolean retained;

    S3Upload(S3Storage storage, String name, byte[] buffer) {
        this.storage = storage;
        this.name = name;
        this.buffer = buffer;
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
        if (!closed) {
            throw new IllegalStateException("close the output of " + name + " before sync()");
        }
        if (synced) {
            return;
        }
        if (filled > 0 || parts.isEmpty()) {
            sendPart(); // the last part may be short, or empty for an empty object
        }
        synced = true;
        releaseBuffer();
    }

    @Override
    public void publish() throws IOException {
        sync();
        storage.complete(name, uploadId, parts);
    }

    @Override
    public void discard() throws IOException {
        closed = true;
        releaseBuffer();
        if (uploadId != null && !retained) {
            storage.abort(name, uploadId);
        }
    }

    @Override
    public void retain() {
        retained = true;
    }

    @Override
    public String pendingId() {
        return uploadId;
    }

    private void sendPart() throws IOException {
        if (uploadId == null) {
            uploadId = storage.startMultipart(name);
        }
        parts.add(storage.uploadPart(name, uploadId, parts.size() + 1, buffer, filled));
        filled = 0;
    }

    private void releaseBuffer() {
        if (buffer != null) {
            storage.pool().release(buffer);
            buffer = null;
        }
    }

    /** Fills the part buffer, sending a part each time it is full. */
    private final class PartOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("upload of " + name + " is closed");
            }
            while (length > 0) {
                int n = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
                if (filled == buffer.length) {
                    sendPart();
                }
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
