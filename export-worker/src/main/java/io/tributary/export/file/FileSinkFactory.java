package io.tributary.export.file;

import io.tributary.export.core.DeadLetterPublisher;
import io.tributary.export.core.ExportMetrics;
import io.tributary.export.core.PartitionSink;
import io.tributary.export.core.PartitionSinkFactory;
import io.tributary.export.format.RecordKind;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/** Creates the file sink, a {@link PartitionWriter}, of each assigned partition. */
public final class FileSinkFactory implements PartitionSinkFactory {
    private final FileWriterOptions options;
    private final ExportMetrics metrics;
    private final DeadLetterPublisher deadLetters;

    /** Sinks writing as {@code options} say, their dead letters through {@code deadLetters}. */
    public FileSinkFactory(FileWriterOptions options, ExportMetrics metrics, DeadLetterPublisher deadLetters) {
        this.options = Objects.requireNonNull(options, "options");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    @Override
    public PartitionSink create(TopicPartition partition, RecordKind kind) {
        PartitionWriter writer = new PartitionWriter(partition.topic(), partition.partition(), kind, options,
                metrics, () -> deadLetters.ensureDelivered(partition));
        return new FileSink(writer, deadLetters, metrics);
    }
}
