package io.tributary.processor.state;

import java.util.Locale;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Where the processor's state stores keep their data. Either way every store is backed by a changelog topic,
 * so state survives a restart or a move to another instance.
 */
public enum StoreType {
    /** RocksDB on local disk, memory bounded by {@link BoundedMemoryRocksDBConfig} (the default). */
    ROCKSDB,
    /** Java heap; faster, for small deployments, tests and the dev mode, but memory grows with the state. */
    IN_MEMORY;

    /** The type named {@code rocksdb} or {@code in_memory}. */
    public static StoreType fromName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** A key-value store supplier of this type. */
    public KeyValueBytesStoreSupplier keyValue(String name) {
        return this == ROCKSDB ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }
}
