package io.tributary.export.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Steps 2 to 4 of the flush protocol, after the data files are written to the staging directory:
 *
 * <ol>
 *   <li>fsync every data file;</li>
 *   <li>write the complete manifest into the staging directory as the flush's <em>intent</em> (temporary,
 *       fsync, rename, fsync of the staging directory);</li>
 *   <li>rename every data file into place and fsync the directories that received them;</li>
 *   <li>rename the intent into the manifest directory and fsync it: the flush is published.</li>
 * </ol>
 *
 * A crash before the last rename leaves the intent behind; {@link PartitionRecovery} then deletes the data
 * files it lists, which were never published, so no file outlives its flush without a manifest.
 */
final class FlushPublisher {
    private FlushPublisher() {
    }

    static void publish(PartitionPaths paths, List<StagedFile> files, Manifest manifest, FlushObserver observer)
            throws IOException {
        for (StagedFile f : files) {
            FileSync.fsyncFile(f.stagingPath());
        }
        observer.reached(FlushStep.FSYNCED);
        Files.createDirectories(paths.stagingDir());
        FileSync.writeAtomically(paths.intent(), ManifestJson.write(manifest));
        observer.reached(FlushStep.INTENT_WRITTEN);
        Set<Path> touched = new LinkedHashSet<>();
        for (StagedFile f : files) {
            Path target = paths.dataFile(f.finalPath());
            touched.addAll(createDirectories(paths.topicDir(), target.getParent()));
            FileSync.atomicMove(f.stagingPath(), target);
            touched.add(target.getParent());
            observer.reached(FlushStep.RENAMED_ONE);
        }
        for (Path dir : touched) {
            FileSync.fsyncDirectory(dir);
        }
        observer.reached(FlushStep.RENAMED);
        Files.createDirectories(paths.manifestDir());
        FileSync.atomicMove(paths.intent(), paths.manifestDir().resolve(manifest.fileName()));
        FileSync.fsyncDirectory(paths.manifestDir());
        observer.reached(FlushStep.PUBLISHED);
    }

    /** Creates {@code dir} and returns the parents of every directory created, so their entries get synced. */
    private static Set<Path> createDirectories(Path topicDir, Path dir) throws IOException {
        Set<Path> parents = new LinkedHashSet<>();
        Path missing = dir;
        while (missing != null && !Files.isDirectory(missing) && missing.startsWith(topicDir)) {
            parents.add(missing.getParent());
            missing = missing.getParent();
        }
        Files.createDirectories(dir);
        return parents;
    }
}
