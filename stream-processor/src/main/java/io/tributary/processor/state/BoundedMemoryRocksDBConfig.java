package io.tributary.processor.state;

import io.tributary.processor.ProcessorConfig;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store in the JVM, as the Kafka Streams memory-management guide
 * recommends: one LRU block cache of {@code rocksdb.memory.bytes} shared by all stores, which also accounts
 * for the memtables (through a write-buffer manager, at most half of it), index and filter blocks.
 *
 * <p>The cache is necessarily shared JVM-wide (RocksDB stores are created by Kafka Streams, which only hands
 * this class a class name); the first store configured decides its size. It is never closed: it lives as
 * long as the JVM.
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {
    private static final Object LOCK = new Object();
    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        synchronized (LOCK) {
            if (cache == null) {
                long bytes = budget(configs);
                cache = new LRUCache(bytes, -1, false, 0.1);
                writeBufferManager = new WriteBufferManager(bytes / 2, cache);
            }
            table.setBlockCache(cache);
            options.setWriteBufferManager(writeBufferManager);
        }
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(8L * 1024 * 1024);
        options.setTableFormatConfig(table);
    }

    private static long budget(Map<String, Object> configs) {
        Object value = configs.get(ProcessorConfig.ROCKSDB_MEMORY_BYTES);
        return value == null ? 64L * 1024 * 1024 : Long.parseLong(value.toString());
    }

    @Override
    public void close(String storeName, Options options) {
        // the shared cache and write-buffer manager outlive every store
    }
}
