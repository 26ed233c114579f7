package io.tributary.export.file;

import io.tributary.export.storage.Storage;

/** The storage and the names one partition's writer uses (see {@link ExportLayout}). */
record PartitionPaths(Storage storage, String topic, int partition, String topicDir, String manifestDir,
        String stagingDir) {
    /** Name of the flush intent inside the staging directory. */
    static final String INTENT = "_flush.json";

    static PartitionPaths of(ExportLayout layout, String topic, int partition) {
        return new PartitionPaths(layout.storage(), topic, partition, layout.topicDir(topic),
                layout.manifestDir(topic), layout.stagingDir(topic, partition));
    }

    /** The partition's lock, beside its staging directory: {@code _staging/<partition>.lock}. */
    String lockFile() {
        return topicDir + '/' + ExportLayout.STAGING_DIR + '/' + partition + ExportLayout.LOCK_SUFFIX;
    }

    String intent() {
        return stagingDir + '/' + INTENT;
    }

    /** The staging name of the {@code index}th data file of the open flush. */
    String stagedFile(int index) {
        return stagingDir + '/' + index + ".tmp";
    }

    /** The final name of a data file given its manifest path. */
    String dataFile(String relativePath) {
        return topicDir + '/' + relativePath;
    }

    /** The name of a published manifest. */
    String manifest(String fileName) {
        return manifestDir + '/' + fileName;
    }
}
