package io.tributary.export.core;

import java.util.OptionalLong;
import org.apache.avro.generic.IndexedRecord;

/**
 * Where the records of one assigned partition go: a file writer, an HTTP batcher. The {@link ExportLoop}
 * feeds it in offset order from one thread, and commits exactly the offsets the sink reports as durable.
 *
 * <p>Contract: after {@link #recover()} and {@link #begin(long)}, every consumed offset is passed once to
 * {@link #append} or {@link #skip}. A sink groups them into flushes; when a flush is durable at the destination
 * the sink makes its next offset available through {@link #takeCommitOffset()}. After any
 * {@link ExportIoException} the loop calls {@link #abort()}, pauses the partition, and before retrying calls
 * {@link #recover()} again and resumes at its answer, or at {@link #restartOffset()} when it has none.
 */
public interface PartitionSink {
    /**
     * Cleans up what a crashed predecessor left behind and finds where to resume.
     *
     * @return the offset to resume at, authoritative over the committed offset; empty when the destination has
     *     nothing for this partition, so the committed offset (or the reset policy) applies
     * @throws ExportIoException when the destination cannot be read or cleaned
     */
    OptionalLong recover();

    /** Starts consuming at {@code position}, the offset the consumer will return next. */
    void begin(long position);

    /**
     * Takes one decoded record.
     *
     * @throws ExportIoException when it cannot be written
     */
    void append(long offset, IndexedRecord record);

    /** Takes an offset whose record was filtered out or dead-lettered, so the flush still covers it. */
    void skip(long offset, SkipReason reason);

    /**
     * Completes the open flush if it is older than the configured age; called on every loop turn, so an idle
     * partition still flushes on time.
     *
     * @throws ExportIoException when it cannot be written
     */
    void flushIfDue();

    /**
     * Completes the open flush now (before revocation or shutdown).
     *
     * @throws ExportIoException when it cannot be written
     */
    void flush();

    /** The offset to commit for the flushes completed since the last call, if any. */
    OptionalLong takeCommitOffset();

    /** The offset the next attempt must start at after {@link #abort()}: the end of the last durable flush. */
    long restartOffset();

    /** Discards the unfinished flush and its temporary data; never throws. */
    void abort();

    /**
     * The partition leaves this sink (revoked, lost, or the loop stops): discards the unfinished flush like
     * {@link #abort()} and lets go of anything that keeps the partition's next owner out. Never throws.
     */
    default void close() {
        abort();
    }

    /** Why an offset was skipped. */
    enum SkipReason {
        /** The record did not match the configured filters. */
        FILTERED,
        /** The record could not be decoded and went to the dead-letter topic. */
        DEAD_LETTERED
    }
}
