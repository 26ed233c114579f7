/**
 * Where export files live: the {@link io.tributary.export.storage.Storage} interface and its local-directory
 * implementation. Uses only the JDK (java.io, java.nio.file) and knows nothing of layouts, formats or Kafka.
 */
package io.tributary.export.storage;
