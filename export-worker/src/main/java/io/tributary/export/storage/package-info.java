/**
 * Where export files live: the {@link io.tributary.export.storage.Storage} interface and its local-directory
 * implementation, which uses only the JDK (java.io, java.nio.file); the S3 implementation is in
 * {@code io.tributary.export.storage.s3}. Knows nothing of layouts, formats or Kafka.
 */
package io.tributary.export.storage;
