package io.tributary.export.file;

import io.tributary.export.core.DeadLetterPublisher;
import io.tributary.export.core.DecodeFailure;
import io.tributary.export.core.ExportMetrics;
import io.tributary.export.core.PartitionSink;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * The file exporter's sink: a {@link PartitionWriter} whose published flushes make their next offset
 * committable. Undecodable records go to the dead-letter topic asynchronously; the writer confirms their
 * delivery before it publishes the flush that covers them. The manifests, not the committed offset, record the
 * progress, so a lost commit costs nothing.
 */
final class FileSink implements PartitionSink {
    private final PartitionWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final ExportMetrics metrics;
    private long commitOffset = -1;

    FileSink(PartitionWriter writer, DeadLetterPublisher deadLetters, ExportMetrics metrics) {
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public OptionalLong recover() {
        return writer.recover();
    }

    @Override
    public void begin(long position, OffsetAndMetadata committed) {
        writer.begin(position);
    }

    @Override
    public void append(ConsumerRecord<byte[], byte[]> source, IndexedRecord record) {
        writer.append(source.offset(), record);
    }

    @Override
    public void deadLetter(ConsumerRecord<byte[], byte[]> source, DecodeFailure failure) {
        deadLetters.send(source, failure);
        metrics.deadLettered(source.topic());
        writer.skip(source.offset(), SkipReason.DEAD_LETTERED);
    }

    @Override
    public void skip(long offset, SkipReason reason) {
        writer.skip(offset, reason);
    }

    @Override
    public void flushIfDue() {
        writer.flushIfDue();
    }

    @Override
    public void flush(long deadlineNanos) {
        writer.flush();
    }

    @Override
    public Optional<OffsetAndMetadata> commitDue() {
        writer.takeCommitOffset().ifPresent(offset -> commitOffset = offset);
        return commitOffset < 0 ? Optional.empty() : Optional.of(new OffsetAndMetadata(commitOffset));
    }

    @Override
    public void committed() {
        commitOffset = -1;
    }

    @Override
    public boolean inFlight() {
        return false;
    }

    @Override
    public boolean acceptsRecords() {
        return true;
    }

    @Override
    public Optional<String> problem() {
        return Optional.empty();
    }

    @Override
    public long restartOffset() {
        return writer.restartOffset();
    }

    @Override
    public void abort() {
        writer.abort();
    }

    @Override
    public void close() {
        writer.close();
    }
}
