package io.tributary.export.core;

/** Health of an exporter, as its health endpoint and {@code tributary.export.health} gauge report it. */
public enum Health {
    /** Every assigned partition is exporting. */
    HEALTHY,
    /**
     * At least one partition cannot write (full disk, unwritable directory, failing endpoint) and is paused
     * and retried with backoff; nothing is committed for it meanwhile. Also reported after the loop stopped
     * on an unexpected error.
     */
    DEGRADED
}
