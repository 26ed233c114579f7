package io.tributary.export.file;

import io.tributary.export.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps 2 to 4 of the flush protocol, after the data files are written to the staging directory:
 *
 * <ol>
 *   <li>{@linkplain Storage.Upload#sync() sync} every data file (local: fsync);</li>
 *   <li>write the complete manifest into the staging directory as the flush's <em>intent</em>
 *       ({@link Storage#writeAtomically}; local: temporary, fsync, rename, fsync of the staging directory);</li>
 *   <li>{@linkplain Storage.Upload#publish() publish} every data file and {@linkplain Storage#syncPublished make
 *       that durable} (local: rename into place, fsync of the directories that received them);</li>
 *   <li>{@linkplain Storage#publishIfAbsent publish} the intent as the manifest (local: rename into the manifest
 *       directory, fsync of it): the flush is published.</li>
 * </ol>
 *
 * A store without locks (S3) publishes by {@link ClaimedFlushes} instead. A crash before the last step leaves the intent behind; {@link PartitionRecovery} then deletes the data
 * files it lists, which were never published, so no file outlives its flush without a manifest.
 */
final class FlushPublisher {
    private FlushPublisher() {
    }

    static void publish(PartitionPaths paths, List<StagedFile> files, Manifest manifest, String writer,
            FlushObserver observer) throws IOException {
        Storage storage = paths.storage();
        if (!storage.locksWriters()) {
            ClaimedFlushes.publish(paths, files, manifest, writer, observer);
            return;
        }
        List<Storage.Upload> uploads = new ArrayList<>(files.size());
        for (StagedFile f : files) {
            f.upload().sync();
            uploads.add(f.upload());
        }
        observer.reached(FlushStep.FSYNCED);
        storage.writeAtomically(paths.intent(), ManifestJson.write(manifest));
        observer.reached(FlushStep.INTENT_WRITTEN);
        for (Storage.Upload upload : uploads) {
            upload.publish();
            observer.reached(FlushStep.RENAMED_ONE);
        }
        storage.syncPublished(uploads);
        observer.reached(FlushStep.RENAMED);
        String name = paths.manifest(manifest.fileName());
        if (!storage.publishIfAbsent(paths.intent(), name)) {
            throw new IOException(storage.locate(name) + " exists: another writer published offsets "
                    + manifest.startOffset() + ".." + manifest.endOffset());
        }
        observer.reached(FlushStep.PUBLISHED);
    }
}
