package io.tributary.export.range;

import io.tributary.export.file.PartitionWriter;
import io.tributary.export.format.RecordKind;
import io.tributary.export.core.PartitionSink.SkipReason;
import io.tributary.export.core.RecordDecodeException;
import io.tributary.export.core.RecordDecoder;
import io.tributary.export.core.RecordFilter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Streams one partition's range into its {@link PartitionWriter}: decodes, filters, and hands every offset below
 * the end to the writer, which rotates files and publishes manifests as it goes, so memory stays bounded by the
 * consumer's fetch size and the writer's open files however long the range is.
 */
final class PartitionReader {
    /** Counts of one partition, kept while reading. */
    static final class Counts {
        long read;
        long exported;
        long skipped;
        long undecodable;
    }

    /** Called after each poll with the offsets read so far in this partition and the records written. */
    interface Listener {
        void read(long offsetsRead, long eventsExported);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final RecordDecoder decoder;
    private final RecordFilter filter;
    private final Duration pollTimeout;
    private final Duration idleTimeout;
    private final Clock clock;
    private final BooleanSupplier cancelled;

    PartitionReader(Consumer<byte[], byte[]> consumer, RecordDecoder decoder, RecordFilter filter,
            Duration pollTimeout, Duration idleTimeout, Clock clock, BooleanSupplier cancelled) {
        this.consumer = consumer;
        this.decoder = decoder;
        this.filter = filter;
        this.pollTimeout = pollTimeout;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        this.cancelled = cancelled;
    }

    /** Reads {@code range} into {@code writer}, which has begun at the range start; flushes it at the end. */
    Counts read(PartitionRange range, PartitionWriter writer, Listener listener) {
        TopicPartition tp = range.partition();
        RecordKind kind = decoder.kindOf(tp.topic());
        Counts counts = new Counts();
        consumer.assign(List.of(tp));
        consumer.seek(tp, range.start());
        long position = range.start();
        long lastAdvanceMs = clock.millis();
        while (position < range.end()) {
            if (cancelled.getAsBoolean()) {
                throw new RangeExportException("export cancelled");
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                if (r.offset() >= range.end()) {
                    break;
                }
                process(r, kind, writer, counts);
            }
            long now = consumer.position(tp, pollTimeout);
            if (now > position) {
                position = now;
                lastAdvanceMs = clock.millis();
            } else if (clock.millis() - lastAdvanceMs > idleTimeout.toMillis()) {
                throw new RangeExportException("no progress reading " + tp + " at offset " + position + " of "
                        + range.end() + " for " + idleTimeout.toSeconds() + " s");
            }
            counts.read = Math.min(position, range.end()) - range.start();
            listener.read(counts.read, counts.exported);
        }
        writer.flush();
        return counts;
    }

    private void process(ConsumerRecord<byte[], byte[]> r, RecordKind kind, PartitionWriter writer, Counts counts) {
        if (r.value() == null) {
            counts.skipped++;
            writer.skip(r.offset(), SkipReason.FILTERED);
            return;
        }
        IndexedRecord value;
        try {
            value = decoder.decode(r, kind);
        } catch (RecordDecodeException e) {
            // No dead-letter topic here: a historical export only reads. The record stays in Kafka (and in the
            // topic's DLQ, if the worker sent it there); the manifest counts its offset as skipped.
            counts.undecodable++;
            counts.skipped++;
            writer.skip(r.offset(), SkipReason.FILTERED);
            return;
        }
        if (!filter.accepts(kind, value, kind.eventTimeNs(value))) {
            counts.skipped++;
            writer.skip(r.offset(), SkipReason.FILTERED);
            return;
        }
        writer.append(r.offset(), value);
        counts.exported++;
    }
}
