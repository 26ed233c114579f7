package io.tributary.export.format;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} over a stream the exporter already opened (its checksumming staging file), so
 * Parquet needs no Hadoop file system. It can be created once.
 */
final class StreamOutputFile implements OutputFile {
    private final OutputStream sink;
    private boolean created;

    StreamOutputFile(OutputStream sink) {
        this.sink = sink;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        if (created) {
            throw new IOException("the stream was already handed out");
        }
        created = true;
        return new PositionOutputStream() {
            private long position;

            @Override
            public long getPos() {
                return position;
            }

            @Override
            public void write(int b) throws IOException {
                sink.write(b);
                position++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                sink.write(b, off, len);
                position += len;
            }

            @Override
            public void flush() throws IOException {
                sink.flush();
            }

            @Override
            public void close() throws IOException {
                sink.close();
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return "stream";
    }
}
