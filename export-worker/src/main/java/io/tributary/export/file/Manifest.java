package io.tributary.export.file;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The record of one flush: which offsets of which partition it covers and which files hold their records.
 * Written atomically after its files are durable, it is what makes a flush count; {@code verify} and a
 * resuming writer trust manifests, never the mere presence of files. The JSON form (snake_case) carries the
 * export metadata of EVENT-MODEL.md.
 *
 * @param version format version of the manifest, {@value #CURRENT_VERSION}
 * @param exportedAt when the flush was published
 * @param topic the source topic
 * @param partition the source partition
 * @param startOffset first offset covered (the resume position of the flush)
 * @param endOffset last offset covered, inclusive; the next flush starts at {@code endOffset + 1}
 * @param eventCount records written, the sum over {@code files}
 * @param timeRange event times of the records written, {@code null} when none were
 * @param format format name
 * @param compression compression name
 * @param csvEscapeFormulas whether text cells that start a spreadsheet formula were written with a leading
 *     {@code '} ({@code export.csv.escape.formulas} on a CSV export); {@code false} for other formats and in
 *     manifests written before the field existed, whose JSON lacks it
 * @param skippedCount offsets covered whose records the filters dropped
 * @param deadLetteredCount offsets covered whose records went to the dead-letter topic
 * @param filters the filters applied, by configuration key
 * @param files the data files, possibly none
 */
public record Manifest(int version, Instant exportedAt, String topic, int partition, long startOffset,
        long endOffset, long eventCount, TimeRange timeRange, String format, String compression,
        boolean csvEscapeFormulas, long skippedCount, long deadLetteredCount, Map<String, String> filters,
        List<ManifestFile> files) {
    /** The manifest format version this code writes. */
    public static final int CURRENT_VERSION = 1;

    public Manifest {
        filters = Map.copyOf(filters);
        files = List.copyOf(files);
    }

    /** The file name: {@code <topic>+<partition>+<start>-<end>.json}. */
    public String fileName() {
        return ExportLayout.manifestFileName(topic, partition, startOffset, endOffset);
    }
}
