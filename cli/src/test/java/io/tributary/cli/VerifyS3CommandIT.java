package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.export.file.Manifest;
import io.tributary.export.file.ManifestFile;
import io.tributary.export.file.ManifestJson;
import io.tributary.export.file.TimeRange;
import io.tributary.export.storage.s3.S3Location;
import io.tributary.export.storage.s3.S3Settings;
import io.tributary.export.storage.s3.S3Storage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code tributary verify s3://bucket/prefix} against a real S3 API server: a sound export, then a damaged one. */
class VerifyS3CommandIT {
    static S3Proxy proxy;
    static S3Storage storage;
    private final StringWriter out = new StringWriter();

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("aws.accessKeyId", "cli-test-access");
        System.setProperty("aws.secretAccessKey", "cli-test-secret");
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "cli-test-access", "cli-test-secret").build();
        proxy.start();
        org.awaitility.Awaitility.await().until(() -> "STARTED".equals(proxy.getState()));
        storage = S3Storage.create(S3Settings.defaults(new S3Location("exports", "run1"))
                .withEndpoint(endpoint(), true).withRegion("us-east-1"));
        storage.client().createBucket(b -> b.bucket("exports"));
    }

    @AfterAll
    static void stop() throws Exception {
        storage.close();
        proxy.stop();
    }

    static URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    private int verify() {
        return TributaryCli.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "verify",
                "s3://exports/run1", "--config", "export.s3.endpoint=" + endpoint(),
                "--config", "export.s3.path.style=true", "--config", "export.s3.region=us-east-1");
    }

    @Test
    void verifiesAnExportInABucketAndFindsDamage() throws Exception {
        byte[] data = "{\"event_id\":\"a\"}\n{\"event_id\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        String path = "dt=2025-11-22/hour=08/t+0+0.ndjson";
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        TimeRange range = TimeRange.of(1_763_798_400_000_000_000L);
        Manifest manifest = new Manifest(Manifest.CURRENT_VERSION, Instant.parse("2025-11-22T09:00:00Z"), "t", 0,
                0, 1, 2, range, "ndjson", "none", false, 0, 0, Map.of(),
                List.of(new ManifestFile(path, "ndjson", "none", 2, data.length, sha, range)));
        storage.writeAtomically("t/" + path, data);
        storage.writeAtomically("t/_manifests/" + manifest.fileName(), ManifestJson.write(manifest));

        assertThat(verify()).isZero();
        assertThat(out.toString()).contains("2");

        storage.writeAtomically("t/" + path, "{\"event_id\":\"x\"}\n{\"event_id\":\"b\"}\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(verify()).isEqualTo(1);
        assertThat(out.toString()).contains("CHECKSUM");
    }
}
