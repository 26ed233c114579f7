package io.tributary.export.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.export.format.Compression;
import io.tributary.export.format.ExportFormat;
import io.tributary.export.format.FormatOptions;
import io.tributary.export.format.RecordKind;
import io.tributary.export.core.ExportMetrics;
import io.tributary.export.testing.TestEvents;
import io.tributary.schema.Event;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Memory is bounded per writer: 64 partitions, each with an open flush of thousands of records, hold a small,
 * fixed amount of heap each (streaming formats keep only their buffers; Parquet at most one row group), so the
 * total grows with the number of partitions times that bound, never with the data.
 */
class WriterMemoryTest {
    static final int PARTITIONS = 64;
    static final int EVENTS_PER_PARTITION = 1500;
    static final long ROW_GROUP = 1024 * 1024;

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"ndjson", "csv", "parquet"})
    void sixtyFourOpenPartitionsStayWithinTheirPerWriterBound(String format) {
        List<Event> events = TestEvents.numbered(EVENTS_PER_PARTITION);
        FileWriterOptions options = new FileWriterOptions(new ExportLayout(root, List.of()),
                ExportFormat.of(format, new FormatOptions(Compression.ZSTD, 3, ROW_GROUP, true)),
                new RotationPolicy(Long.MAX_VALUE, Long.MAX_VALUE, Duration.ofHours(1)), 8, Map.of(),
                Clock.systemUTC());
        long before = usedHeapAfterGc();
        List<PartitionWriter> writers = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            PartitionWriter w = new PartitionWriter("memory.events", p, RecordKind.EVENT, options,
                    new ExportMetrics(new SimpleMeterRegistry(), "files"), () -> { });
            w.begin(0);
            for (int i = 0; i < events.size(); i++) {
                w.append(i, events.get(i));
            }
            writers.add(w);
        }
        long perWriter = (usedHeapAfterGc() - before) / PARTITIONS;
        System.out.printf("%s: %d open writers with %d records each hold %d KiB of heap each%n", format,
                PARTITIONS, EVENTS_PER_PARTITION, perWriter / 1024);
        writers.forEach(PartitionWriter::abort);
        assertThat(writers).allSatisfy(w -> assertThat(w.openEvents()).isZero());
        // The records themselves (about 1 MiB per partition as JSON) are not what the writers keep.
        long bound = format.equals("parquet") ? 2 * ROW_GROUP : 1024 * 1024;
        assertThat(perWriter).isLessThan(bound);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
