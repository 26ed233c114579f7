package io.tributary.schema.codec;

import io.tributary.schema.Event;
import java.util.Arrays;
import org.apache.avro.io.DatumReader;

/**
 * Readers by writer-schema fingerprint, found without boxing the fingerprint: a handful of schema versions
 * exist, so a scan of a primitive array beats a map lookup. Copy-on-write; lookups take no lock. Thread-safe.
 */
final class ResolvingReaders {
    private final Object lock = new Object();
    private volatile Entries entries = new Entries(new long[0], new DatumReader[0]);

    /** The reader for {@code fingerprint}, or null when none was added. */
    DatumReader<Event> find(long fingerprint) {
        return entries.find(fingerprint);
    }

    /** Adds a reader unless one is there already; returns the one kept. */
    DatumReader<Event> add(long fingerprint, DatumReader<Event> reader) {
        synchronized (lock) {
            Entries current = entries;
            DatumReader<Event> existing = current.find(fingerprint);
            if (existing != null) {
                return existing;
            }
            int n = current.fingerprints.length;
            long[] fingerprints = Arrays.copyOf(current.fingerprints, n + 1);
            DatumReader<?>[] readers = Arrays.copyOf(current.readers, n + 1);
            fingerprints[n] = fingerprint;
            readers[n] = reader;
            entries = new Entries(fingerprints, readers);
            return reader;
        }
    }

    private record Entries(long[] fingerprints, DatumReader<?>[] readers) {
        @SuppressWarnings("unchecked")
        DatumReader<Event> find(long fingerprint) {
            for (int i = 0; i < fingerprints.length; i++) {
                if (fingerprints[i] == fingerprint) {
                    return (DatumReader<Event>) readers[i];
                }
            }
            return null;
        }
    }
}
