package io.tributary.processor.metrics;

import io.tributary.schema.EventType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first aggregation step's partial windows: what one raw partition saw of each metric key and window since
 * its last watermark. One store entry per key and window, keyed like {@link WindowEntries#prefix}, holding the
 * {@link WindowCounts} followed by the latency bins.
 *
 * <p>The store is the truth (changelogged, so partials commit atomically with the input offsets); a heap copy of
 * its few entries saves reading and decoding one on every event, and an index by metric key saves building the
 * key and store key of every event. The copy is rebuilt from the store whenever the processor is initialised,
 * which is also what happens after a task is revived or migrated. The store is a
 * {@link io.tributary.processor.state.WriteBehindKeyValueStore} holding {@link Partial} objects: every event puts
 * its partials again, which only marks them changed; each changed partial is encoded and written (cache,
 * changelog) once, when the task prepares its next commit, so it still commits together with the input offsets.
 * Not thread-safe.
 */
final class PartialWindows {
    private final KeyValueStore<Bytes, Partial> store;
    private final long[] sizesMs;
    private final Map<Bytes, Partial> open = new HashMap<>();
    /** Per metric key: its key bytes and, per window size, the partial window it last went to. */
    private final Map<MetricId, Slots> recent = new HashMap<>();

    PartialWindows(KeyValueStore<Bytes, Partial> store, long[] sizesMs) {
        this.store = store;
        this.sizesMs = sizesMs.clone();
        try (KeyValueIterator<Bytes, Partial> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, Partial> entry = it.next();
                open.put(entry.key, entry.value.bind(entry.key));
            }
        }
    }

    /** The store's value format: {@link WindowCounts}, the number of latency bins, then (bin, count) pairs. */
    static Serde<Partial> serde() {
        Serializer<Partial> serializer = (topic, p) -> p == null ? null : p.encode();
        Deserializer<Partial> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return Partial.decode(bytes);
            } catch (RuntimeException e) {
                throw new SerializationException("corrupt partial window: " + e, e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** The parts of a metric key, so that finding its partials needs no key string per event. */
    private record MetricId(String service, EventType type, String name) {
    }

    private static final class Slots {
        final byte[] key;
        final Partial[] bySize;

        Slots(byte[] key, int sizes) {
            this.key = key;
            this.bySize = new Partial[sizes];
        }
    }

    /** Adds one event to its partial window of every size. */
    void add(MetricObservation o) {
        MetricId id = new MetricId(o.service(), o.type(), o.name());
        Slots slots = recent.get(id);
        if (slots == null) {
            slots = new Slots(o.key().getBytes(StandardCharsets.UTF_8), sizesMs.length);
            recent.put(id, slots);
        }
        for (int i = 0; i < sizesMs.length; i++) {
            long size = sizesMs[i];
            long end = Math.floorDiv(o.timeMs(), size) * size + size;
            Partial p = slots.bySize[i];
            if (p == null || p.endMs != end) {
                Bytes k = Bytes.wrap(WindowEntries.prefix(end, size, slots.key));
                p = open.get(k);
                if (p == null) {
                    p = new Partial(new WindowCounts()).bind(k);
                    open.put(k, p);
                }
                slots.bySize[i] = p;
            }
            p.add(o);
            store.put(p.storeKey, p);
        }
    }

    /** Hands every partial window to {@code sink} (as a {@link WindowEntries.Window}) and forgets them all. */
    void drain(Consumer<WindowEntries.Window> sink) {
        if (open.isEmpty()) {
            return;
        }
        List<Bytes> keys = new ArrayList<>(open.keySet());
        keys.sort(null);
        for (Bytes k : keys) {
            Partial p = open.get(k);
            ByteBuffer b = ByteBuffer.wrap(k.get());
            long end = b.getLong();
            long size = b.getLong();
            String key = new String(k.get(), 16, k.get().length - 17, StandardCharsets.UTF_8);
            sink.accept(new WindowEntries.Window(end, size, key, p.counts, Arrays.copyOf(p.bins, p.n),
                    Arrays.copyOf(p.binCounts, p.n)));
            store.delete(k);
        }
        open.clear();
        recent.clear();
    }

    /** Counters and latency bins (unordered) of one partial window, and (once bound) its store key. */
    static final class Partial {
        Bytes storeKey;
        long endMs;
        final WindowCounts counts;
        int[] bins = new int[8];
        long[] binCounts = new long[8];
        int n;

        Partial(WindowCounts counts) {
            this.counts = counts;
        }

        /** Sets the store key, which starts with the window's end. */
        Partial bind(Bytes key) {
            this.storeKey = key;
            this.endMs = ByteBuffer.wrap(key.get()).getLong();
            return this;
        }

        void add(MetricObservation o) {
            counts.add(o);
            if (o.latencyNs() >= 0) {
                addBin(LatencySketch.binOf(o.latencyNs()), 1);
            }
        }

        void addBin(int bin, long count) {
            for (int i = 0; i < n; i++) {
                if (bins[i] == bin) {
                    binCounts[i] += count;
                    return;
                }
            }
            if (n == bins.length) {
                bins = Arrays.copyOf(bins, n * 2);
                binCounts = Arrays.copyOf(binCounts, n * 2);
            }
            bins[n] = bin;
            binCounts[n++] = count;
        }

        byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(WindowCounts.BYTES + 4 + 12 * n);
            counts.encodeTo(b);
            b.putInt(n);
            for (int i = 0; i < n; i++) {
                b.putInt(bins[i]).putLong(binCounts[i]);
            }
            return b.array();
        }

        static Partial decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            Partial p = new Partial(WindowCounts.decodeFrom(b));
            int bins = b.getInt();
            for (int i = 0; i < bins; i++) {
                p.addBin(b.getInt(), b.getLong());
            }
            return p;
        }
    }
}
