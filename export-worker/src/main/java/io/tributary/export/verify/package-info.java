/**
 * {@code tributary verify}: re-checks an export's manifests, checksums, record counts and offset ranges.
 * May use {@code file} (layout, manifests), {@code format} (to parse files) and {@code storage} (all reads).
 */
package io.tributary.export.verify;
