package io.tributary.sdk;

/** A client's health, from {@link TributaryClient#health()}. */
public enum Health {
    /** Delivering, buffer below 80%, nothing dropped in the last minute. */
    HEALTHY,
    /** Delivering, but the buffer is above 80% full, or events were dropped in the last minute. */
    WARNING,
    /** The broker is unreachable (events go to the spool, or wait in the buffer), or the client is closed. */
    DEGRADED
}
