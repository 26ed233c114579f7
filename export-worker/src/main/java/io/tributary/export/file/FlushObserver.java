package io.tributary.export.file;

/** Sees each step of the flush protocol as it completes; tests use it to crash at a chosen step. */
@FunctionalInterface
interface FlushObserver {
    /** No observation. */
    FlushObserver NONE = step -> { };

    /** Called after {@code step} completed. May throw to simulate a crash at that point. */
    void reached(FlushStep step);
}
