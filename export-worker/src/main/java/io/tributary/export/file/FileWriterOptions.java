package io.tributary.export.file;

import io.tributary.export.format.ExportFormat;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * How partition writers write files.
 *
 * @param layout where files go
 * @param format the file format and compression
 * @param rotation when a flush completes
 * @param maxOpenFiles data files one partition keeps open at once (one per time directory); a record for one
 *     more directory completes the flush first. Together with the format's buffers this bounds a writer's
 *     memory.
 * @param filters the filters in force, recorded in every manifest
 * @param clock time source for flush ages and manifest timestamps
 */
public record FileWriterOptions(ExportLayout layout, ExportFormat format, RotationPolicy rotation, int maxOpenFiles,
        Map<String, String> filters, Clock clock) {
    public FileWriterOptions {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(rotation, "rotation");
        Objects.requireNonNull(clock, "clock");
        filters = Map.copyOf(filters);
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("maxOpenFiles must be at least 1, got " + maxOpenFiles);
        }
    }
}
