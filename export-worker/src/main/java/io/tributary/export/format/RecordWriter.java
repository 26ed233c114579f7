package io.tributary.export.format;

import java.io.Closeable;
import java.io.IOException;
import org.apache.avro.generic.IndexedRecord;

/** Writes records of one kind into one file of one format. Not thread-safe. */
public interface RecordWriter extends Closeable {
    /** Appends one record. */
    void write(IndexedRecord record) throws IOException;

    /**
     * Completes the file (closing bracket, compression frame, Avro sync marker or Parquet footer) and closes
     * the underlying stream. A file is only valid after this returns.
     */
    @Override
    void close() throws IOException;
}
