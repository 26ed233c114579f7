package io.tributary.cli;

import io.tributary.export.file.FileExportConfig;
import io.tributary.export.storage.LocalStorage;
import io.tributary.export.storage.Storage;
import io.tributary.export.storage.s3.S3Location;
import io.tributary.export.storage.s3.S3Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** An export read by a command ({@code verify}, {@code console}): a directory, or {@code s3://bucket/prefix}. */
final class ExportLocation {
    private ExportLocation() {
    }

    /**
     * Opens the storage of {@code location}; for S3, with the {@code export.s3.*} settings in {@code config} and
     * the environment. Close it after use.
     *
     * @throws CommandLine.ParameterException when a local location is not a directory
     */
    static Storage open(CommandLine commandLine, String location, Map<String, String> config) {
        if (S3Location.isS3(location)) {
            Map<String, Object> settings = new LinkedHashMap<>(config);
            settings.put(FileExportConfig.EXPORT_DIR, location);
            FileExportConfig export = FileExportConfig.fromEnvironment(System.getenv(), settings);
            return S3Storage.create(export.s3Settings().orElseThrow());
        }
        if (!Files.isDirectory(Path.of(location))) {
            throw new CommandLine.ParameterException(commandLine, "not a directory: " + location);
        }
        return LocalStorage.create(Path.of(location));
    }

    /** Closes {@code storage} when it holds resources (an S3 client). */
    static void close(Storage storage) {
        if (storage instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close " + storage.locate("") + ": " + e.getMessage(), e);
            }
        }
    }
}
