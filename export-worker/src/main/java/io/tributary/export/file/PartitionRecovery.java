package io.tributary.export.file;

import io.tributary.export.storage.Storage;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
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
        if (!paths.storage().locksWriters()) {
            return ClaimedFlushes.recover(paths);
        }
        rollBackIntent(paths);
        // The intent goes last: while it exists, a crash during this cleanup repeats the rollback.
        paths.storage().clearStaging(paths.stagingDir(), paths.intent());
        return lastEnd(paths).stream().map(end -> end + 1).findFirst();
    }

    /** The largest end offset among the partition's manifests. */
    static OptionalLong lastEnd(PartitionPaths paths) throws IOException {
        long last = -1;
        String prefix = paths.manifest(ExportLayout.sanitize(paths.topic()) + "+" + paths.partition() + "+");
        for (String m : paths.storage().list(prefix)) {
            String fileName = m.substring(m.lastIndexOf('/') + 1);
            Optional<ExportLayout.ManifestName> name = ExportLayout.parseManifestName(fileName);
            if (name.isPresent() && name.get().partition() == paths.partition()) {
                last = Math.max(last, name.get().endOffset());
            }
        }
        return last < 0 ? OptionalLong.empty() : OptionalLong.of(last);
    }

    private static void rollBackIntent(PartitionPaths paths) throws IOException {
        Storage storage = paths.storage();
        byte[] json;
        try {
            json = storage.readAll(paths.intent());
        } catch (NoSuchFileException e) {
            return;
        }
        // The intent is renamed into place complete, so it always parses; were it somehow damaged, renames had
        // not started (they follow its fsync) and there is nothing to roll back.
        Manifest intent;
        try {
            intent = ManifestJson.read(json);
        } catch (IOException e) {
            LOG.warn("ignoring unreadable flush intent {}: {}", storage.locate(paths.intent()), e.toString());
            return;
        }
        if (storage.size(paths.manifest(intent.fileName())).isPresent()) {
            return;
        }
        for (ManifestFile f : intent.files()) {
            if (storage.deleteIfExists(paths.dataFile(f.path()))) {
                LOG.info("rolled back unpublished file {} of interrupted flush {}", f.path(), intent.fileName());
            }
        }
    }
}
