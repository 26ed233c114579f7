package io.tributary.processor.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that holds every value written since the last commit on the heap, as the object it was given,
 * and writes them into the store beneath it (metered, cached and changelogged as usual) only when Kafka Streams
 * prepares a commit. A processor that updates the same few keys on every event then pays for one serialisation,
 * cache update and changelog record per key and commit instead of per event.
 *
 * <p><b>Exactly-once.</b> It is the root store the task registers (its {@code init} hands itself to the stores
 * beneath as root), and it is a {@code CachedStateStore} (through {@link WrappedStateStore}): Kafka Streams calls
 * {@link #flushCache()} on every registered caching store in {@code StreamTask.prepareCommit}, before the task's
 * offsets are handed to the producer's transaction and before any commit (regular, on revocation, on a clean
 * close, on recycling). So the pending values reach the changelog inside the transaction that commits the input
 * they came from, exactly as if they had been written one by one. If the transaction never commits (a crash, a
 * dirty close), they are lost together with it, and the task restores the store to its last committed state; the
 * heap copy goes with the task, since {@link #init}, {@link #close()} and {@link #clearCache()} drop it. This
 * relies on Kafka Streams internals (checked against 4.3.1): {@code WriteBehindCommitTest} and
 * {@code StreamProcessorIT} fail if an upgrade stops calling {@code flushCache} before commits.
 *
 * <p><b>Values are held by reference.</b> A caller may keep changing an object it has put, as long as it puts it
 * again after every change (which is what writing it through to a store would need anyway): what is written at the
 * commit is the object's state then, the same as the last put would have written. Keys need {@code equals} and
 * {@code hashCode} that agree with their serialised form ({@code String}, {@code Bytes}, boxed numbers).
 *
 * <p>Reads see the pending values: {@link #get} looks on the heap first, and range scans, {@link #all()} and
 * {@link #approximateNumEntries()} first write the pending values beneath (still inside the open transaction), then
 * read from there. More than {@value #MAX_PENDING} pending values are written beneath at once too, which bounds
 * the heap used. Not thread-safe, like the stores beneath; only the stream thread that owns the task uses it.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class WriteBehindKeyValueStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {
    /** Pending values beyond which they are written beneath at once (still inside the open transaction). */
    static final int MAX_PENDING = 10_000;

    private final Map<K, V> pending = new HashMap<>();

    WriteBehindKeyValueStore(KeyValueStore<K, V> inner) {
        super(inner);
    }

    /**
     * {@code inner} (a store builder as {@code Stores.keyValueStoreBuilder} makes, with its caching and logging
     * settings) with a write-behind store on top.
     */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> builder(StoreBuilder<KeyValueStore<K, V>> inner) {
        return new Builder<>(inner);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        pending.clear();
        super.init(context, root);
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            delete(key);
        } else {
            pending.put(key, value);
            if (pending.size() > MAX_PENDING) {
                writePending();
            }
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        for (KeyValue<K, V> entry : entries) {
            put(entry.key, entry.value);
        }
    }

    @Override
    public V delete(K key) {
        V pendingValue = pending.remove(key);
        V stored = wrapped().delete(key);
        return pendingValue != null ? pendingValue : stored;
    }

    @Override
    public V get(K key) {
        V value = pending.get(key);
        return value != null ? value : wrapped().get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        writePending();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        writePending();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        writePending();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        writePending();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        writePending();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        writePending();
        return wrapped().approximateNumEntries();
    }

    /** Writes the pending values beneath, then flushes the caches beneath: called before every commit. */
    @Override
    public void flushCache() {
        writePending();
        super.flushCache();
    }

    /** Drops the pending values (the task is being recycled, after its last commit). */
    @Override
    public void clearCache() {
        pending.clear();
        super.clearCache();
    }

    /**
     * Drops the pending values: a clean close comes after a commit, so there are none; after a dirty close the
     * transaction that would have carried them is aborted and the store restored without them.
     */
    @Override
    public void close() {
        pending.clear();
        super.close();
    }

    /** Number of values waiting for the next commit. */
    int pendingCount() {
        return pending.size();
    }

    private void writePending() {
        if (pending.isEmpty()) {
            return;
        }
        KeyValueStore<K, V> inner = wrapped();
        for (Map.Entry<K, V> entry : pending.entrySet()) {
            inner.put(entry.getKey(), entry.getValue());
        }
        pending.clear();
    }

    private static final class Builder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {
        private final StoreBuilder<KeyValueStore<K, V>> inner;

        Builder(StoreBuilder<KeyValueStore<K, V>> inner) {
            this.inner = inner;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
            inner.withCachingEnabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
            inner.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<K, V> build() {
            return new WriteBehindKeyValueStore<>(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
