package io.tributary.export.file;

import static io.tributary.export.file.FileExportConfig.*;

import io.tributary.export.storage.s3.S3Location;
import io.tributary.export.storage.s3.S3Settings;
import java.net.URI;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/** The {@code export.storage} and {@code export.s3.*} keys of {@link FileExportConfig}: definitions and reading. */
final class S3ConfigSupport {
    private S3ConfigSupport() {
    }

    static void define(ConfigDef def) {
        def.define(STORAGE, Type.STRING, "", ValidString.in("", "local", "s3"), Importance.HIGH,
                "Where the export goes: local (a directory, export.dir) or s3 (export.s3.bucket and "
                        + "export.s3.prefix). Empty: s3 when export.dir is s3://bucket/prefix, else local.");
        def.define(S3_BUCKET, Type.STRING, "", Importance.HIGH,
                "The bucket, with export.storage=s3 (export.dir=s3://bucket/prefix says the same).");
        def.define(S3_PREFIX, Type.STRING, "", Importance.MEDIUM,
                "Key prefix of the export in the bucket, with export.storage=s3. Empty: the bucket's root.");
        def.define(S3_REGION, Type.STRING, "", Importance.MEDIUM,
                "AWS region. Empty: the SDK's default region chain (AWS_REGION, profile, instance metadata), "
                        + "else us-east-1. Credentials always come from the default provider chain: environment, "
                        + "profile, web identity, container or instance role.");
        def.define(S3_ENDPOINT, Type.STRING, "", Importance.MEDIUM,
                "Endpoint override for S3-compatible stores (MinIO, Ceph, R2), e.g. http://localhost:9000. "
                        + "Empty: AWS.");
        def.define(S3_PATH_STYLE, Type.BOOLEAN, false, Importance.MEDIUM,
                "Path-style requests (endpoint/bucket/key) instead of virtual-hosted ones; most S3-compatible "
                        + "stores need it.");
        def.define(S3_STORAGE_CLASS, Type.STRING, "", Importance.LOW,
                "Storage class of written objects, e.g. STANDARD_IA or INTELLIGENT_TIERING. Empty: the bucket's "
                        + "default.");
        def.define(S3_SSE, Type.STRING, "none", ValidString.in("none", "sse-s3", "sse-kms"), Importance.LOW,
                "Server-side encryption: none (the bucket default), sse-s3 (AES256) or sse-kms (aws:kms).");
        def.define(S3_SSE_KMS_KEY_ID, Type.STRING, "", Importance.LOW,
                "KMS key id or ARN with export.s3.sse=sse-kms. Empty: the AWS-managed key.");
        def.define(S3_PART_BYTES, Type.INT, S3Settings.DEFAULT_PART_BYTES, Range.atLeast(S3Settings.MIN_PART_BYTES),
                Importance.LOW, "Size of one multipart part buffer (at least 5 MiB, S3's minimum part).");
        def.define(S3_PART_POOL_SIZE, Type.INT, S3Settings.DEFAULT_PART_POOL, Range.between(1, 4096),
                Importance.MEDIUM, "Part buffers shared by all partitions of the worker: S3 uploads never use "
                        + "more than part.bytes x pool.size of heap, whatever the partition count. Each open data "
                        + "file holds one; when none is free, partitions complete their open flushes early.");
        def.define(S3_MAX_ATTEMPTS, Type.INT, S3Settings.DEFAULT_MAX_ATTEMPTS, Range.between(1, 100),
                Importance.LOW, "Attempts per S3 request for throttling (503 SlowDown), 5xx and network errors, "
                        + "with exponential backoff and jitter; then the partition pauses and is retried.");
    }

    static Optional<S3Settings> settings(FileExportConfig c) {
        String storage = c.getString(STORAGE);
        String dir = c.getString(EXPORT_DIR);
        S3Location location;
        if (storage.equals("s3")) {
            if (c.getString(S3_BUCKET).isBlank()) {
                if (!S3Location.isS3(dir)) {
                    throw new ConfigException(S3_BUCKET, "", "export.storage=s3 needs a bucket, or export.dir=s3://...");
                }
                location = S3Location.parse(dir);
            } else {
                location = new S3Location(c.getString(S3_BUCKET), c.getString(S3_PREFIX));
            }
        } else if (storage.isEmpty() && S3Location.isS3(dir)) {
            location = S3Location.parse(dir);
        } else {
            return Optional.empty();
        }
        String endpoint = c.getString(S3_ENDPOINT);
        String sse = c.getString(S3_SSE);
        return Optional.of(new S3Settings(location, c.getString(S3_REGION),
                endpoint.isBlank() ? null : URI.create(endpoint.trim()), c.getBoolean(S3_PATH_STYLE),
                c.getString(S3_STORAGE_CLASS), S3Settings.Encryption.fromName(sse), c.getString(S3_SSE_KMS_KEY_ID),
                c.getInt(S3_PART_BYTES), c.getInt(S3_PART_POOL_SIZE), c.getInt(S3_MAX_ATTEMPTS)));
    }
}
