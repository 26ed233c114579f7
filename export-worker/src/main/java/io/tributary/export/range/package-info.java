/**
 * Historical exports: by time range, incremental (a state of next offsets), and scheduled runs with retention.
 * May use {@code core} (decoding, filters), {@code file} (writers, manifests), {@code format} and {@code storage}.
 */
package io.tributary.export.range;
