package io.tributary.export.file;

/** The steps of the flush protocol, in order; a crash after any of them must neither lose nor duplicate. */
enum FlushStep {
    /** Data files completed in the staging directory. */
    WRITTEN,
    /** Data files fsynced. */
    FSYNCED,
    /** The manifest, complete, written and fsynced in the staging directory as the flush's intent. */
    INTENT_WRITTEN,
    /** One data file renamed into its final place (reached once per file). */
    RENAMED_ONE,
    /** Every data file renamed and its directory fsynced. */
    RENAMED,
    /** The manifest renamed into the manifest directory: the flush counts from here on. */
    PUBLISHED
}
