package io.tributary.export.file;

import java.nio.file.Path;

/** The directories one partition's writer uses. */
record PartitionPaths(String topic, int partition, Path topicDir, Path manifestDir, Path stagingDir) {
    /** Name of the flush intent inside the staging directory. */
    static final String INTENT = "_flush.json";

    static PartitionPaths of(ExportLayout layout, String topic, int partition) {
        return new PartitionPaths(topic, partition, layout.topicDir(topic), layout.manifestDir(topic),
                layout.stagingDir(topic, partition));
    }

    /** The partition's {@link PartitionLock} file, beside its staging directory. */
    Path lockFile() {
        return stagingDir.resolveSibling(partition + ExportLayout.LOCK_SUFFIX);
    }

    Path intent() {
        return stagingDir.resolve(INTENT);
    }

    /** The final location of a data file given its manifest path. */
    Path dataFile(String relativePath) {
        return topicDir.resolve(relativePath);
    }
}
