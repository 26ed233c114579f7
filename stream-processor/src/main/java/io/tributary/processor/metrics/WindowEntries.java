package io.tributary.processor.metrics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The second aggregation step's open windows of metric keys, in a key-value store.
 *
 * <p>Store keys start with the window end (8 bytes, big-endian), the window size (8 bytes), the metric key and a
 * NUL, so windows sort by end and a range scan finds every window ending before a time. After that prefix,
 * {@code 0} holds the window's {@link WindowCounts} and {@code 1 + bin index} the count of one latency-sketch
 * bin: an update touches two small entries, and the sketch is only built from the bins when the window is read.
 */
final class WindowEntries {
    private static final byte SEPARATOR = 0;
    private static final byte COUNTS = 0;
    private static final byte BIN = 1;

    private final KeyValueStore<Bytes, byte[]> store;

    WindowEntries(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** A window read back: its end, size, metric key, counters and latency bins. */
    record Window(long endMs, long sizeMs, String key, WindowCounts counts, int[] bins, long[] binCounts) {
    }

    /** Adds a partial aggregate of the same key and window to the window {@code prefix}. */
    void merge(byte[] prefix, WindowCounts partial, int[] bins, long[] binCounts) {
        Bytes countsKey = countsKey(prefix);
        WindowCounts counts = WindowCounts.decode(store.get(countsKey));
        counts.merge(partial);
        store.put(countsKey, counts.encode());
        for (int i = 0; i < bins.length; i++) {
            addToBin(prefix, bins[i], binCounts[i]);
        }
    }

    /** Counts {@code events} late events in the window {@code prefix}. */
    void addLate(byte[] prefix, long events) {
        Bytes countsKey = countsKey(prefix);
        WindowCounts counts = WindowCounts.decode(store.get(countsKey));
        counts.addLate(events);
        store.put(countsKey, counts.encode());
    }

    private void addToBin(byte[] prefix, int bin, long count) {
        Bytes key = binKey(prefix, bin);
        byte[] n = store.get(key);
        store.put(key, longBytes(n == null ? count : ByteBuffer.wrap(n).getLong() + count));
    }

    /**
     * Hands every window that ends at or before {@code lastEndMs} to {@code sink}, in order of end, and removes
     * them from the store. {@code Long.MAX_VALUE} takes every window.
     */
    void drain(long lastEndMs, Consumer<Window> sink) {
        List<Bytes> done = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = lastEndMs == Long.MAX_VALUE ? store.all()
                : store.range(Bytes.wrap(new byte[0]), Bytes.wrap(longBytes(lastEndMs + 1)))) {
            Reading window = null;
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> entry = it.next();
                byte[] k = entry.key.get();
                done.add(entry.key);
                // Told apart by value size: a bin key can end in the same bytes as a counts key (bin 0, the zero
                // bin), but a bin value is 8 bytes and the counters are WindowCounts.BYTES.
                if (entry.value.length == WindowCounts.BYTES) {
                    emit(window, sink);
                    window = new Reading(k, WindowCounts.decode(entry.value));
                } else if (window != null) {
                    window.addBin(ByteBuffer.wrap(k, k.length - 4, 4).getInt(), ByteBuffer.wrap(entry.value).getLong());
                }
            }
            emit(window, sink);
        }
        done.forEach(store::delete);
    }

    private static void emit(Reading w, Consumer<Window> sink) {
        if (w == null) {
            return;
        }
        ByteBuffer k = ByteBuffer.wrap(w.countsKey);
        long end = k.getLong();
        long size = k.getLong();
        String key = new String(w.countsKey, 16, w.countsKey.length - 18, StandardCharsets.UTF_8);
        sink.accept(new Window(end, size, key, w.counts, Arrays.copyOf(w.bins, w.n), Arrays.copyOf(w.binCounts, w.n)));
    }

    /** A window being read: its counters, then its bin entries, which follow them in key order. */
    private static final class Reading {
        final byte[] countsKey;
        final WindowCounts counts;
        int[] bins = new int[16];
        long[] binCounts = new long[16];
        int n;

        Reading(byte[] countsKey, WindowCounts counts) {
            this.countsKey = countsKey;
            this.counts = counts;
        }

        void addBin(int bin, long count) {
            if (n == bins.length) {
                bins = Arrays.copyOf(bins, n * 2);
                binCounts = Arrays.copyOf(binCounts, n * 2);
            }
            bins[n] = bin;
            binCounts[n++] = count;
        }
    }

    /** Window end (8 bytes) + size (8 bytes) + metric key + NUL. */
    static byte[] prefix(long endMs, long sizeMs, byte[] key) {
        return ByteBuffer.allocate(17 + key.length).putLong(endMs).putLong(sizeMs).put(key).put(SEPARATOR).array();
    }

    private static Bytes countsKey(byte[] prefix) {
        byte[] k = Arrays.copyOf(prefix, prefix.length + 1);
        k[prefix.length] = COUNTS;
        return Bytes.wrap(k);
    }

    /** The bin entries sort after the counters of their window: NUL, 1, bin index. */
    private static Bytes binKey(byte[] prefix, int bin) {
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + 5).put(prefix).put(BIN).putInt(bin).array());
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}
