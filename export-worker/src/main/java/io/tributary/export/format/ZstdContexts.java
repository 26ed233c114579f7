package io.tributary.export.format;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * zstd compression of whole in-memory bodies at one level, each as a single frame, with native contexts reused
 * from a pool instead of a new streaming context (about 3 MB of native memory at level 3, allocated and
 * initialised) per body. A thread gets back the context it used last, still in its cache.
 *
 * <p>One frame per body on purpose: some readers stop after the first frame of a zstd stream unless told
 * otherwise (python-zstandard's readers, hence pandas; urllib3 had the same bug with multi-frame responses).
 *
 * <p>Thread-safe. Idle contexts are freed when this is no longer reachable.
 */
public final class ZstdContexts {
    private static final Cleaner CLEANER = Cleaner.create();

    private final int level;
    private final Deque<ZstdCompressCtx> idle = new ConcurrentLinkedDeque<>();

    /**
     * Contexts compressing at {@code level} (1 to 22).
     *
     * @throws IllegalArgumentException for a level out of that range
     */
    public ZstdContexts(int level) {
        if (level < 1 || level > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException("zstd level must be 1 to " + Zstd.maxCompressionLevel() + ", not "
                    + level);
        }
        this.level = level;
        CLEANER.register(this, new CloseAll(idle));
    }

    /** {@code length} bytes of {@code src} from {@code offset}, compressed as one zstd frame. */
    public byte[] compress(byte[] src, int offset, int length) {
        ZstdCompressCtx ctx = idle.pollFirst();
        if (ctx == null) {
            ctx = new ZstdCompressCtx();
            ctx.setLevel(level);
        }
        try {
            byte[] out = new byte[(int) Zstd.compressBound(length)];
            int size = ctx.compressByteArray(out, 0, out.length, src, offset, length);
            return Arrays.copyOf(out, size);
        } finally {
            idle.offerFirst(ctx);
        }
    }

    /** Frees the idle contexts; refers to the queue only, so that the owner can become unreachable. */
    private record CloseAll(Deque<ZstdCompressCtx> idle) implements Runnable {
        @Override
        public void run() {
            for (ZstdCompressCtx c = idle.poll(); c != null; c = idle.poll()) {
                c.close();
            }
        }
    }
}
