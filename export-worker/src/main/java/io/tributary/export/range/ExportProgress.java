package io.tributary.export.range;

/**
 * Follows a range export, e.g. to draw a progress bar. Progress is counted in offsets read, which is known in
 * advance, rather than in events exported, which is not until the filters have seen them. Called from the
 * thread running the export.
 */
public interface ExportProgress {
    /** Reports nothing. */
    ExportProgress NONE = new ExportProgress() {
        @Override
        public void started(long totalOffsets) {
        }

        @Override
        public void advanced(long offsetsRead, long eventsExported) {
        }
    };

    /** The export starts; {@code totalOffsets} offsets lie between the start and end offsets of all partitions. */
    void started(long totalOffsets);

    /** So far {@code offsetsRead} offsets were read, of which {@code eventsExported} records were written. */
    void advanced(long offsetsRead, long eventsExported);

    /** The export ended, successfully or not. */
    default void finished() {
    }
}
