package io.tributary.export.file;

import io.tributary.export.format.RecordKind;
import io.tributary.export.core.ExportMetrics;
import io.tributary.export.core.PartitionSink;
import io.tributary.export.core.PartitionSinkFactory;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Creates a {@link PartitionWriter} per assigned partition. */
public final class FileSinkFactory implements PartitionSinkFactory {
    private final FileWriterOptions options;
    private final ExportMetrics metrics;
    private final Consumer<TopicPartition> beforePublish;

    /**
     * @param beforePublish runs before each flush of a partition is published (makes its dead letters durable)
     */
    public FileSinkFactory(FileWriterOptions options, ExportMetrics metrics, Consumer<TopicPartition> beforePublish) {
        this.options = Objects.requireNonNull(options, "options");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.beforePublish = Objects.requireNonNull(beforePublish, "beforePublish");
    }

    @Override
    public PartitionSink create(TopicPartition partition, RecordKind kind) {
        return new PartitionWriter(partition.topic(), partition.partition(), kind, options, metrics,
                () -> beforePublish.accept(partition));
    }
}
