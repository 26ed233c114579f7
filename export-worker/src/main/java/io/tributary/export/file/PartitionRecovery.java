package io.tributary.export.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a writer does when it is assigned a partition: roll back a flush that a crash interrupted, delete
 * orphan temporaries, and find the offset after the last published manifest.
 */
final class PartitionRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionRecovery.class);

    private PartitionRecovery() {
    }

    /** Cleans up and returns the offset after the last manifest of the partition, if it has any. */
    static OptionalLong recover(PartitionPaths paths) throws IOException {
        rollBackIntent(paths);
        deleteStaging(paths.stagingDir());
        return lastEnd(paths).stream().map(end -> end + 1).findFirst();
    }

    /** The largest end offset among the partition's manifests. */
    static OptionalLong lastEnd(PartitionPaths paths) throws IOException {
        if (!Files.isDirectory(paths.manifestDir())) {
            return OptionalLong.empty();
        }
        long last = -1;
        try (DirectoryStream<Path> manifests = Files.newDirectoryStream(paths.manifestDir(),
                ExportLayout.sanitize(paths.topic()) + "+" + paths.partition() + "+*.json")) {
            for (Path m : manifests) {
                Optional<ExportLayout.ManifestName> name = ExportLayout.parseManifestName(m.getFileName().toString());
                if (name.isPresent() && name.get().partition() == paths.partition()) {
                    last = Math.max(last, name.get().endOffset());
                }
            }
        }
        return last < 0 ? OptionalLong.empty() : OptionalLong.of(last);
    }

    private static void rollBackIntent(PartitionPaths paths) throws IOException {
        byte[] json;
        try {
            json = Files.readAllBytes(paths.intent());
        } catch (NoSuchFileException e) {
            return;
        }
        // The intent is renamed into place complete, so it always parses; were it somehow damaged, renames had
        // not started (they follow its fsync) and there is nothing to roll back.
        Manifest intent;
        try {
            intent = ManifestJson.read(json);
        } catch (IOException e) {
            LOG.warn("ignoring unreadable flush intent {}: {}", paths.intent(), e.toString());
            return;
        }
        if (Files.exists(paths.manifestDir().resolve(intent.fileName()))) {
            return;
        }
        for (ManifestFile f : intent.files()) {
            if (Files.deleteIfExists(paths.dataFile(f.path()))) {
                LOG.info("rolled back unpublished file {} of interrupted flush {}", f.path(), intent.fileName());
            }
        }
    }

    private static void deleteStaging(Path staging) throws IOException {
        if (!Files.isDirectory(staging)) {
            return;
        }
        Path intent = staging.resolve(PartitionPaths.INTENT);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
            for (Path f : files) {
                if (!f.equals(intent)) {
                    Files.deleteIfExists(f);
                }
            }
        }
        // The intent goes last: while it exists, a crash during this cleanup repeats the rollback.
        Files.deleteIfExists(intent);
        FileSync.fsyncDirectory(staging);
    }
}
