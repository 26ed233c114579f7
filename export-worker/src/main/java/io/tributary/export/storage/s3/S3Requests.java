package io.tributary.export.storage.s3;

import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** The object settings every write carries: storage class and server-side encryption. */
final class S3Requests {
    private final S3Settings settings;

    S3Requests(S3Settings settings) {
        this.settings = settings;
    }

    PutObjectRequest put(String bucket, String key, boolean ifAbsent) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(bucket).key(key);
        if (ifAbsent) {
            b.ifNoneMatch("*");
        }
        apply(b::storageClass, b::serverSideEncryption, b::ssekmsKeyId);
        return b.build();
    }

    CreateMultipartUploadRequest multipart(String bucket, String key) {
        CreateMultipartUploadRequest.Builder b = CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
        apply(b::storageClass, b::serverSideEncryption, b::ssekmsKeyId);
        return b.build();
    }

    /** Sets storage class and encryption through the setters of either request builder. */
    private void apply(Consumer<StorageClass> storageClass, Consumer<ServerSideEncryption> encryption,
            Consumer<String> kmsKeyId) {
        if (settings.storageClass() != null) {
            storageClass.accept(StorageClass.fromValue(settings.storageClass()));
        }
        switch (settings.encryption()) {
            case SSE_S3 -> encryption.accept(ServerSideEncryption.AES256);
            case SSE_KMS -> {
                encryption.accept(ServerSideEncryption.AWS_KMS);
                if (settings.kmsKeyId() != null) {
                    kmsKeyId.accept(settings.kmsKeyId());
                }
            }
            case NONE -> { }
        }
    }
}
