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
     * @param mustExist whether a local directory must exist now (for {@code verify}); the console waits for it
     * @throws CommandLine.ParameterException when a local location is not a directory
     */
    static Storage open(CommandLine commandLine, String location, Map<String, String> config, boolean mustExist) {
        if (S3Location.isS3(location)) {
            Map<String, Object> settings = new LinkedHashMap<>(config);
            settings.put(FileExportConfig.EXPORT_DIR, location);
            FileExportConfig export = FileExportConfig.fromEnvironment(System.getenv(), settings);
            return S3Storage.create(export.s3Settings().orElseThrow());
        }
        Path dir = Path.of(location);
        if (Files.exists(dir) ? !Files.isDirectory(dir) : mustExist) {
            throw new CommandLine.ParameterException(commandLine, "not a directory: " + location);
        }
        return LocalStorage.create(dir);
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
