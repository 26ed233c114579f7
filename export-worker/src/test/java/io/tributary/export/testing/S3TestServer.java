package io.tributary.export.testing;

import static org.awaitility.Awaitility.await;

import io.tributary.export.file.ExportLayout;
import io.tributary.export.file.FileExportConfig;
import io.tributary.export.storage.s3.S3Location;
import io.tributary.export.storage.s3.S3Settings;
import io.tributary.export.storage.s3.S3Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 API server in this JVM on loopback: S3Proxy over an in-memory blob store, checking AWS V4
 * signatures. The SDK finds its credentials through the default provider chain (system properties here,
 * environment variables in a child JVM), as in production.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "tributary-test-access";
    public static final String SECRET_KEY = "tributary-test-secret-key";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;

    private S3TestServer(S3Proxy proxy) {
        this.proxy = proxy;
    }

    /** Starts a server on a free loopback port and points the SDK's default credentials at it. */
    public static S3TestServer start() throws Exception {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        System.setProperty("aws.region", REGION);
        S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(proxy.getState()));
        return new S3TestServer(proxy);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public int port() {
        return proxy.getPort();
    }

    /** Storage settings for {@code s3://bucket/prefix} on this server (or on {@code endpoint}). */
    public S3Settings settings(String bucket, String prefix, URI endpoint) {
        return S3Settings.defaults(new S3Location(bucket, prefix)).withEndpoint(endpoint, true).withRegion(REGION);
    }

    /** A storage on this server; the bucket is created when missing. */
    public S3Storage storage(String bucket, String prefix) {
        S3Storage storage = S3Storage.create(settings(bucket, prefix, endpoint()));
        if (!storage.client().listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket))) {
            storage.client().createBucket(b -> b.bucket(bucket));
        }
        return storage;
    }

    /** Worker settings exporting to {@code s3://bucket/prefix} on {@code endpoint}. */
    public static Map<String, Object> exportSettings(String bucket, String prefix, URI endpoint) {
        Map<String, Object> s = new HashMap<>();
        s.put(FileExportConfig.EXPORT_DIR, "s3://" + bucket + "/" + prefix);
        s.put(FileExportConfig.S3_ENDPOINT, endpoint.toString());
        s.put(FileExportConfig.S3_PATH_STYLE, "true");
        s.put(FileExportConfig.S3_REGION, REGION);
        return s;
    }

    /** The next offset after the last manifest, per partition, of a topic on {@code storage}. */
    public static Map<Integer, Long> exportedUpTo(S3Storage storage, String topic) {
        Map<Integer, Long> next = new HashMap<>();
        try {
            for (String name : storage.list(ExportLayout.sanitize(topic) + "/" + ExportLayout.MANIFEST_DIR + "/")) {
                ExportLayout.parseManifestName(name.substring(name.lastIndexOf('/') + 1))
                        .ifPresent(m -> next.merge(m.partition(), m.endOffset() + 1, Math::max));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return next;
    }

    /** Waits until the manifests on {@code storage} cover every offset below the log end offsets. */
    public static void awaitExported(S3Storage storage, String topic, Map<TopicPartition, Long> ends,
            Duration timeout) {
        Map<Integer, Long> expected = new HashMap<>();
        ends.forEach((tp, end) -> {
            if (end > 0) {
                expected.put(tp.partition(), end);
            }
        });
        await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> exportedUpTo(storage, topic).equals(expected));
    }

    /** Downloads every object of {@code storage} into {@code dir}, keeping the names; returns {@code dir}. */
    public static Path download(S3Storage storage, Path dir) throws IOException {
        List<String> names = storage.list("");
        for (String name : names) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, storage.readAll(name));
        }
        return dir;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
