package io.tributary.export.http;

import io.tributary.export.core.PartitionSink;
import io.tributary.export.core.PartitionSinkFactory;
import io.tributary.export.format.RecordKind;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.common.TopicPartition;

/**
 * Creates the HTTP sink of each assigned partition of one loop; its sinks share the {@link BatchSender}, the
 * sender pool and the NDJSON renderer (confined to the loop's thread).
 */
record HttpSinkFactory(BatchSender sender, ExecutorService senders, BatchLimits limits, Clock clock,
        NdjsonLines lines) implements PartitionSinkFactory {

    HttpSinkFactory(BatchSender sender, ExecutorService senders, BatchLimits limits, Clock clock) {
        this(sender, senders, limits, clock, new NdjsonLines());
    }

    @Override
    public PartitionSink create(TopicPartition partition, RecordKind kind) {
        return new HttpSink(partition, kind, this);
    }
}
