package io.tributary.export.storage.s3;

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
        if (settings.storageClass() != null) {
            b.storageClass(StorageClass.fromValue(settings.storageClass()));
        }
        switch (settings.encryption()) {
            case SSE_S3 -> b.serverSideEncryption(ServerSideEncryption.AES256);
            case SSE_KMS -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.kmsKeyId());
            case NONE -> { }
        }
        return b.build();
    }

    CreateMultipartUploadRequest multipart(String bucket, String key) {
        CreateMultipartUploadRequest.Builder b = CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
        if (settings.storageClass() != null) {
            b.storageClass(StorageClass.fromValue(settings.storageClass()));
        }
        switch (settings.encryption()) {
            case SSE_S3 -> b.serverSideEncryption(ServerSideEncryption.AES256);
            case SSE_KMS -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.kmsKeyId());
            case NONE -> { }
        }
        return b.build();
    }
}
