package io.tributary.export.format;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * zstd compression at one level, in independent frames of up to {@value #FRAME_BYTES} bytes. Each stream it
 * {@linkplain #open opens} collects that much and compresses it as one frame with a context borrowed for that
 * frame only, so the threads of a worker keep reusing a few hot contexts however many files they have open.
 *
 * <p>Why frames: with one streaming context per file, a thread that alternates between the files of its
 * partitions makes their match tables evict each other from the CPU cache; at level 3 that made compression
 * 2.3× slower per byte in the export worker than in {@code zstd -3}, and each open file held a context of
 * about 3 MB of native memory. A file of concatenated frames is one valid zstd stream (RFC 8878, section 3.1)
 * that the {@code zstd} tool, DuckDB, Spark and zstd-jni read whole; frames of 1 MiB compress the export's
 * NDJSON as well as a single stream does.
 *
 * <p>Thread-safe; the streams are not. Idle contexts are freed when this is no longer reachable.
 */
public final class ZstdFrames {
    /** The most bytes one frame holds before compression. */
    static final int FRAME_BYTES = 1 << 20;
    private static final int FIRST_BUFFER_BYTES = 64 * 1024;
    private static final Cleaner CLEANER = Cleaner.create();

    private final int level;
    private final Deque<Context> idle = new ConcurrentLinkedDeque<>();

    /**
     * Frames compressed at {@code level} (1 to 22).
     *
     * @throws IllegalArgumentException for a level out of that range
     */
    public ZstdFrames(int level) {
        if (level < 1 || level > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException("zstd level must be 1 to " + Zstd.maxCompressionLevel() + ", not "
                    + level);
        }
        this.level = level;
        CLEANER.register(this, new CloseAll(idle));
    }

    /** The level frames are compressed at. */
    public int level() {
        return level;
    }

    /** A stream that writes what it is given to {@code sink} as zstd frames; closing it closes the sink. */
    public OutputStream open(OutputStream sink) {
        return new FrameOutputStream(sink);
    }

    /** Compresses {@code length} bytes of {@code src} as one frame onto {@code sink}. */
    private void writeFrame(byte[] src, int length, OutputStream sink) throws IOException {
        // Last in, first out: a thread usually gets back the context it used last, still in its cache.
        Context context = idle.pollFirst();
        if (context == null) {
            context = new Context(level);
        }
        try {
            int size = context.ctx.compressByteArray(context.out, 0, context.out.length, src, 0, length);
            sink.write(context.out, 0, size);
        } finally {
            idle.offerFirst(context);
        }
    }

    /** A native compression context and the buffer its frames are compressed into. */
    private static final class Context {
        final ZstdCompressCtx ctx = new ZstdCompressCtx();
        final byte[] out = new byte[(int) Zstd.compressBound(FRAME_BYTES)];

        Context(int level) {
            ctx.setLevel(level);
        }
    }

    /** Frees the idle contexts; refers to the queue only, so that the owner can become unreachable. */
    private record CloseAll(Deque<Context> idle) implements Runnable {
        @Override
        public void run() {
            for (Context c = idle.poll(); c != null; c = idle.poll()) {
                c.ctx.close();
            }
        }
    }

    /**
     * Collects bytes in a buffer that grows up to a frame and compresses it when full and at close; so
     * {@link #flush()} passes on only whole frames, as {@link java.util.zip.GZIPOutputStream} passes on only
     * what its deflater has let go of. An empty stream still writes one empty frame: a valid, empty zstd file.
     */
    private final class FrameOutputStream extends OutputStream {
        private final OutputStream sink;
        private byte[] buffer = new byte[FIRST_BUFFER_BYTES];
        private int count;
        private boolean framed;
        private boolean closed;

        FrameOutputStream(OutputStream sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            if (count == buffer.length) {
                makeRoom();
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            ensureOpen();
            while (len > 0) {
                if (count == buffer.length) {
                    makeRoom();
                }
                int n = Math.min(len, buffer.length - count);
                System.arraycopy(b, off, buffer, count, n);
                count += n;
                off += n;
                len -= n;
            }
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("zstd stream closed");
            }
        }

        private void makeRoom() throws IOException {
            if (buffer.length < FRAME_BYTES) {
                buffer = Arrays.copyOf(buffer, Math.min(FRAME_BYTES, buffer.length * 2));
            } else {
                frame();
            }
        }

        private void frame() throws IOException {
            writeFrame(buffer, count, sink);
            count = 0;
            framed = true;
        }

        @Override
        public void flush() throws IOException {
            sink.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (OutputStream s = sink) {
                if (count > 0 || !framed) {
                    frame();
                }
            } finally {
                buffer = null;
            }
        }
    }
}
