/**
 * The HTTP exporter: a sink that batches NDJSON per partition and a sender that delivers each batch (retries,
 * splitting, dead letters, idempotency keys). May use {@code export.core}, {@code export.format} and the JDK's
 * HTTP client.
 */
package io.tributary.export.http;
