package io.tributary.processor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class WriteBehindKeyValueStoreTest {
    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();

    private WriteBehindKeyValueStore<String, Long> store() {
        WriteBehindKeyValueStore<String, Long> store = (WriteBehindKeyValueStore<String, Long>)
                WriteBehindKeyValueStore.builder(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"),
                        Serdes.String(), Serdes.Long()).withLoggingDisabled()).build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    @Test
    void putsWaitOnTheHeapUntilTheCacheIsFlushed() {
        WriteBehindKeyValueStore<String, Long> store = store();
        store.put("a", 1L);
        store.put("a", 2L);
        store.put("b", 3L);
        assertThat(store.get("a")).isEqualTo(2L);
        assertThat(store.wrapped().get("a")).isNull();
        assertThat(store.pendingCount()).isEqualTo(2);

        store.flushCache();
        assertThat(store.pendingCount()).isZero();
        assertThat(store.wrapped().get("a")).isEqualTo(2L);
        assertThat(store.wrapped().get("b")).isEqualTo(3L);
    }

    @Test
    void scansAndDeletesSeePendingValues() {
        WriteBehindKeyValueStore<String, Long> store = store();
        store.put("a", 1L);
        store.flushCache();
        store.put("b", 2L);
        store.put("c", 3L);
        assertThat(store.delete("c")).isEqualTo(3L);
        assertThat(store.delete("a")).isEqualTo(1L);
        assertThat(store.putIfAbsent("b", 9L)).isEqualTo(2L);
        store.put("d", null);
        List<KeyValue<String, Long>> all = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        assertThat(all).containsExactly(KeyValue.pair("b", 2L));
        assertThat(store.pendingCount()).isZero();
    }

    @Test
    void tooManyPendingValuesAreWrittenAtOnce() {
        WriteBehindKeyValueStore<String, Long> store = store();
        for (int i = 0; i <= WriteBehindKeyValueStore.MAX_PENDING; i++) {
            store.put("k" + i, (long) i);
        }
        assertThat(store.pendingCount()).isZero();
        assertThat(store.wrapped().get("k0")).isZero();
        assertThat(store.wrapped().approximateNumEntries()).isEqualTo(WriteBehindKeyValueStore.MAX_PENDING + 1);
    }

    @Test
    void pendingValuesDieWithTheTask() {
        WriteBehindKeyValueStore<String, Long> store = store();
        store.put("a", 1L);
        store.clearCache();
        assertThat(store.get("a")).isNull();
        store.put("b", 2L);
        store.close();
        store.init(context.getStateStoreContext(), store);
        assertThat(store.get("b")).isNull();
    }
}
