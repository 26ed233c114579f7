/**
 * The file sink: partition writers, the flush protocol, recovery, manifests and the layout (names) of an export.
 * May use {@code core} (the sink contract), {@code format} and {@code storage}; all export I/O goes through
 * {@link io.tributary.export.storage.Storage}.
 */
package io.tributary.export.file;
