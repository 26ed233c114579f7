/**
 * File formats (NDJSON, JSON array, CSV, Avro container, Parquet) and their compression, writing records of
 * each {@link io.tributary.export.format.RecordKind} to a stream. May use the schemas module, Jackson, Avro,
 * Commons CSV, parquet-java and zstd-jni; knows nothing of Kafka or of where the bytes go.
 */
package io.tributary.export.format;
