package io.tributary.export.storage.s3;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Translates the SDK's exceptions into {@link IOException}s at the storage boundary, with a message that says
 * what failed and what to check, and never a credential: only the operation, the {@code s3://} location, the HTTP
 * status and S3's error code go into it (the SDK's own messages carry neither keys nor signatures either).
 */
final class S3Errors {
    private S3Errors() {
    }

    /** The error code of a service error, empty for a network or client error. */
    static String code(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && s.awsErrorDetails().errorCode() != null) {
            return s.awsErrorDetails().errorCode();
        }
        return "";
    }

    static int status(SdkException e) {
        return e instanceof AwsServiceException s ? s.statusCode() : 0;
    }

    static boolean notFound(SdkException e) {
        String code = code(e);
        return status(e) == 404 && !"NoSuchBucket".equals(code) && !"NoSuchUpload".equals(code);
    }

    static IOException translate(String operation, String where, SdkException e) {
        String code = code(e);
        int status = status(e);
        if (status == 404 && !"NoSuchBucket".equals(code) && !"NoSuchUpload".equals(code)) {
            NoSuchFileException missing = new NoSuchFileException(where);
            missing.initCause(e);
            return missing;
        }
        String what = status == 0
                ? "network or client error: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                : "HTTP " + status + (code.isEmpty() ? "" : " " + code) + ": " + hint(status, code);
        return new IOException("S3 " + operation + " " + where + " failed (" + what + ")", e);
    }

    private static String hint(int status, String code) {
        return switch (code) {
            case "AccessDenied", "AllAccessDisabled" -> "access denied: the credentials of the default provider "
                    + "chain lack permission (s3:PutObject, GetObject, ListBucket, DeleteObject, "
                    + "AbortMultipartUpload) on the bucket or prefix";
            case "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken" ->
                    "the credentials were rejected; check the default provider chain";
            case "NoSuchBucket" -> "no such bucket: create it or fix export.dir / export.s3.bucket";
            case "SlowDown", "Throttling", "ServiceUnavailable" -> "throttled, retries exhausted";
            default -> status >= 500 ? "server error, retries exhausted" : "request rejected";
        };
    }
}
