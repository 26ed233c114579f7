package io.tributary.schema.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronized, growable, reusable byte array to encode into. Not thread-safe. */
final class ByteSink extends OutputStream {
    /** A buffer grown past this by a huge event is dropped after use rather than kept. */
    private static final int MAX_KEPT_BYTES = 64 * 1024;
    private static final int INITIAL_BYTES = 512;

    private byte[] buf = new byte[INITIAL_BYTES];
    private int count;

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** The bytes written since the last {@link #reset()}. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }

    /** Copies the bytes written since the last {@link #reset()} to {@code out}. */
    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, count);
    }

    /** Forgets what was written, and lets go of a buffer a huge event grew. */
    void reset() {
        count = 0;
        if (buf.length > MAX_KEPT_BYTES) {
            buf = new byte[INITIAL_BYTES];
        }
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }
}
