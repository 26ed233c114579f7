/**
 * {@link io.tributary.export.storage.Storage} on S3 and S3-compatible object stores (MinIO, Ceph, R2) through the
 * AWS SDK for Java v2 on its url-connection HTTP client: {@link io.tributary.export.storage.s3.S3Storage},
 * configured by {@link io.tributary.export.storage.s3.S3Settings}. Uploads are multipart uploads streamed from a
 * small shared pool of fixed-size part buffers, so memory does not grow with the number of partitions.
 * Credentials come from the SDK's default provider chain and never appear in a message.
 */
package io.tributary.export.storage.s3;
