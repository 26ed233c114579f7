package io.tributary.export.core;

import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Where the records of one assigned partition go: the file sink (flushes published with manifests) or the
 * HTTP sink (batches posted to an endpoint). The {@link ExportLoop} feeds it in offset order from one thread and
 * commits exactly what the sink says may be committed.
 *
 * <p>Contract: after {@link #recover()} and {@link #begin}, every consumed offset is passed once to
 * {@link #append}, {@link #deadLetter} or {@link #skip}. Each loop turn calls {@link #flushIfDue()}, then
 * commits {@link #commitDue()} when present and reports success with {@link #committed()}. After any
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

    /**
     * Starts consuming at {@code position}, the offset the consumer will return next.
     *
     * @param committed what the group committed for the partition when it was assigned, or null; a sink that
     *     records progress in commit metadata reads it back here
     */
    void begin(long position, OffsetAndMetadata committed);

    /**
     * Takes one decoded record.
     *
     * @throws ExportIoException when it cannot be written
     */
    void append(ConsumerRecord<byte[], byte[]> source, IndexedRecord record);

    /**
     * Takes a record that could not be decoded. The sink routes it to the dead-letter topic and makes sure it
     * is durable there before its offset may be committed.
     *
     * @throws ExportIoException when the dead-letter topic cannot be written
     */
    void deadLetter(ConsumerRecord<byte[], byte[]> source, DecodeFailure failure);

    /** Takes an offset whose record the filters dropped (or that has no value), so the progress still covers it. */
    void skip(long offset, SkipReason reason);

    /**
     * Called on every loop turn: completes a flush or sends a batch that is due (by size or age, so an idle
     * partition still flushes on time), and collects batches that finished.
     *
     * @throws ExportIoException when it cannot be written
     */
    void flushIfDue();

    /**
     * Completes what is open before the partition leaves (revocation, shutdown). A sink that waits for its
     * destination gives up at {@code deadlineNanos} ({@link System#nanoTime()}) and leaves the rest uncommitted.
     *
     * @throws ExportIoException when it cannot be written
     */
    void flush(long deadlineNanos);

    /** What may be committed now, if anything changed since the last {@link #committed()}. */
    Optional<OffsetAndMetadata> commitDue();

    /** The loop committed what {@link #commitDue()} returned last. */
    void committed();

    /** True while a batch is on its way to the destination; the loop then polls briefly to collect it. */
    boolean inFlight();

    /** False while the sink has enough pending records: the loop stops fetching the partition meanwhile. */
    boolean acceptsRecords();

    /** Why the destination does not take this partition's records right now (health reports it), if it does not. */
    Optional<String> problem();

    /** The offset the next attempt must start at after {@link #abort()}: the end of the last durable flush. */
    long restartOffset();

    /** Discards the unfinished work (temporary data, a batch in flight); never throws. */
    void abort();

    /**
     * The partition leaves this sink (revoked, lost, or the loop stops): discards the unfinished work like
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
