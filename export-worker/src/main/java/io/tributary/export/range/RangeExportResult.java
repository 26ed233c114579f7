package io.tributary.export.range;

import java.nio.file.Path;
import java.util.List;

/**
 * What a range export did.
 *
 * @param outDir the export directory (topic directories with data files and {@code _manifests} below it); null
 *     for an export to object storage
 * @param partitions one entry per partition of the exported topics, in topic and partition order
 * @param nextState where the next incremental run starts: the previous state advanced by this run
 * @param stateWritten whether {@link #nextState()} was written to the state file
 * @param bytesWritten bytes of the data files written
 * @param manifestsWritten manifests published (flushes)
 */
public record RangeExportResult(Path outDir, List<PartitionResult> partitions, ExportState nextState,
        boolean stateWritten, long bytesWritten, long manifestsWritten) {
    public RangeExportResult {
        partitions = List.copyOf(partitions);
    }

    /**
     * The export of one partition.
     *
     * @param topic the topic
     * @param partition the partition
     * @param startOffset the first offset read
     * @param endOffset the offset the export stopped before (exclusive)
     * @param nextOffset where the next incremental run starts: the offset after the last one covered by a
     *     manifest, or {@code startOffset} when none was written (at most {@code endOffset}; less when the
     *     range ends in transaction markers, which no record stands for)
     * @param eventsExported records written to files
     * @param skipped records read that the filters dropped
     * @param undecodable records read whose value could not be decoded (also counted in {@code skipped})
     * @param lostOffsets offsets that retention deleted before they could be exported (incremental runs that
     *     fell behind the log start)
     */
    public record PartitionResult(String topic, int partition, long startOffset, long endOffset, long nextOffset,
            long eventsExported, long skipped, long undecodable, long lostOffsets) {
        /** Offsets of the range: {@code endOffset - startOffset}. */
        public long offsets() {
            return endOffset - startOffset;
        }
    }

    /** This result with the export directory moved to {@code dir} (a scheduled run, renamed on completion). */
    public RangeExportResult withOutDir(Path dir) {
        return new RangeExportResult(dir, partitions, nextState, stateWritten, bytesWritten, manifestsWritten);
    }

    /** Records written to files, over all partitions. */
    public long eventsExported() {
        return partitions.stream().mapToLong(PartitionResult::eventsExported).sum();
    }

    /** Records read that the filters dropped, over all partitions. */
    public long skipped() {
        return partitions.stream().mapToLong(PartitionResult::skipped).sum();
    }

    /** Records whose value could not be decoded, over all partitions. */
    public long undecodable() {
        return partitions.stream().mapToLong(PartitionResult::undecodable).sum();
    }

    /** Offsets deleted by retention before an incremental run reached them, over all partitions. */
    public long lostOffsets() {
        return partitions.stream().mapToLong(PartitionResult::lostOffsets).sum();
    }

    /** A one-line summary for people. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append("exported ").append(eventsExported()).append(" events (")
                .append(skipped()).append(" filtered out) from ").append(partitions.size())
                .append(" partitions into ").append(outDir == null ? "object storage" : outDir).append(": ").append(manifestsWritten)
                .append(" manifests, ").append(bytesWritten).append(" bytes");
        if (undecodable() > 0) {
            s.append("; ").append(undecodable()).append(" undecodable records skipped");
        }
        if (lostOffsets() > 0) {
            s.append("; WARNING: ").append(lostOffsets())
                    .append(" offsets were deleted by retention before they could be exported");
        }
        return s.toString();
    }
}
