package io.tributary.export.storage.s3;

import io.tributary.export.storage.BufferPoolExhaustedException;
import io.tributary.export.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link Storage} in an S3 bucket under a prefix: a name is the key {@code <prefix>/<name>}.
 *
 * <ul>
 *   <li>{@link #create} starts an upload that streams multipart parts from a shared {@link PartBufferPool};
 *       nothing is visible until {@link Upload#publish()} completes it. With the pool empty it throws
 *       {@link BufferPoolExhaustedException} rather than allocate.</li>
 *   <li>{@link #writeAtomically} is one {@code PutObject} (S3 never shows part of an object);
 *       {@link #writeIfAbsent} adds {@code If-None-Match: *}, so of two writers only one creates a name.</li>
 *   <li>S3 has no locks: {@link #locksWriters()} is false and {@link #tryLock} always grants; writers are
 *       fenced by conditional creates instead.</li>
 *   <li>Throttling (503 SlowDown), 5xx and network errors are retried by the SDK with exponential backoff and
 *       jitter ({@link S3Settings#maxAttempts()}); what still fails becomes an {@link IOException} whose message
 *       says what to check ({@link S3Errors}).</li>
 * </ul>
 *
 * Thread-safe; {@link #close()} closes the client.
 *
 * <pre>{@code
 * S3Storage storage = S3Storage.create(S3Settings.defaults(S3Location.parse("s3://bucket/exports")));
 * }</pre>
 */
public final class S3Storage implements Storage, AutoCloseable {
    private final S3Client client;
    private final S3Location location;
    private final S3Requests requests;
    private final PartBufferPool pool;

    private S3Storage(S3Client client, S3Settings settings) {
        this.client = client;
        this.location = settings.location();
        this.requests = new S3Requests(settings);
        this.pool = new PartBufferPool(settings.partBytes(), settings.partPool());
    }

    /** Storage with its own client built from {@code settings} (see {@link S3Clients}). */
    public static S3Storage create(S3Settings settings) {
        return new S3Storage(S3Clients.create(settings), settings);
    }

    /** The bucket and prefix. */
    public S3Location location() {
        return location;
    }

    /** The SDK client, for tools that look at the bucket beside the export (tests, {@code verify}). */
    public S3Client client() {
        return client;
    }

    PartBufferPool pool() {
        return pool;
    }

    @Override
    public Upload create(String name, String staging) throws IOException {
        byte[] buffer = pool.tryAcquire();
        if (buffer == null) {
            throw new BufferPoolExhaustedException("all " + pool.capacity() + " S3 part buffers of "
                    + pool.partBytes() + " bytes are in use (export.s3.part.pool.size): completing open flushes");
        }
        return new S3Upload(this, name, buffer);
    }

    @Override
    public void syncPublished(List<Upload> published) {
        // S3 acknowledges a completed upload only once it is durable.
    }

    @Override
    public void writeAtomically(String name, byte[] bytes) throws IOException {
        call("PutObject", name, () -> client.putObject(requests.put(location.bucket(), key(name), false),
                RequestBody.fromBytes(bytes)));
    }

    @Override
    public boolean writeIfAbsent(String name, byte[] bytes) throws IOException {
        try {
            client.putObject(requests.put(location.bucket(), key(name), true), RequestBody.fromBytes(bytes));
            return true;
        } catch (SdkException e) {
            if (S3Errors.status(e) == 412) {
                return false;
            }
            throw S3Errors.translate("conditional PutObject", locate(name), e);
        }
    }

    @Override
    public boolean publishIfAbsent(String staged, String name) throws IOException {
        boolean created = writeIfAbsent(name, readAll(staged));
        deleteIfExists(staged);
        return created;
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(location.bucket())
                .prefix(location.keyPrefix(prefix)).build();
        try {
            List<String> names = new ArrayList<>();
            for (S3Object o : client.listObjectsV2Paginator(request).contents()) {
                names.add(location.name(o.key()));
            }
            return names;
        } catch (SdkException e) {
            if ("NoSuchBucket".equals(S3Errors.code(e))) {
                NoSuchFileException missing = new NoSuchFileException(location.toString(), null, "no such bucket");
                missing.initCause(e);
                throw missing;
            }
            throw S3Errors.translate("ListObjectsV2", locate(prefix), e);
        }
    }

    @Override
    public OptionalLong size(String name) throws IOException {
        try {
            return OptionalLong.of(client.headObject(b -> b.bucket(location.bucket()).key(key(name))).contentLength());
        } catch (SdkException e) {
            if (S3Errors.notFound(e)) {
                return OptionalLong.empty();
            }
            throw S3Errors.translate("HeadObject", locate(name), e);
        }
    }

    @Override
    public InputStream open(String name) throws IOException {
        return call("GetObject", name, () -> client.getObject(b -> b.bucket(location.bucket()).key(key(name))));
    }

    @Override
    public <T> T readAsFile(String name, FileReader<T> reader) throws IOException {
        Path temp = Files.createTempFile("tributary-s3-", ".download");
        try {
            Files.delete(temp);
            call("GetObject", name, () -> client.getObject(b -> b.bucket(location.bucket()).key(key(name)),
                    ResponseTransformer.toFile(temp)));
            return reader.read(temp);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public boolean deleteIfExists(String name) throws IOException {
        if (size(name).isEmpty()) {
            return false;
        }
        call("DeleteObject", name, () -> client.deleteObject(b -> b.bucket(location.bucket()).key(key(name))));
        return true;
    }

    @Override
    public void clearStaging(String stagingDir, String last) throws IOException {
        for (Pending p : pendingUploads(stagingDir + '/')) {
            abortPending(p);
        }
        for (String name : list(stagingDir + '/')) {
            if (!name.equals(last)) {
                deleteIfExists(name);
            }
        }
        deleteIfExists(last);
    }

    @Override
    public Optional<Lock> tryLock(String name) {
        return Optional.of(() -> { });
    }

    @Override
    public boolean locksWriters() {
        return false;
    }

    @Override
    public boolean publishPending(String name, String pendingId) throws IOException {
        List<CompletedPart> parts = new ArrayList<>();
        try {
            for (Part p : client.listPartsPaginator(b -> b.bucket(location.bucket()).key(key(name))
                    .uploadId(pendingId)).parts()) {
                parts.add(CompletedPart.builder().partNumber(p.partNumber()).eTag(p.eTag()).build());
            }
            complete(name, pendingId, parts);
            return true;
        } catch (SdkException e) {
            if ("NoSuchUpload".equals(S3Errors.code(e)) || S3Errors.status(e) == 404) {
                return false;
            }
            throw S3Errors.translate("CompleteMultipartUpload", locate(name), e);
        } catch (IOException e) {
            if (e.getCause() instanceof SdkException s && "NoSuchUpload".equals(S3Errors.code(s))) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<Pending> pendingUploads(String prefix) throws IOException {
        List<Pending> pending = new ArrayList<>();
        try {
            for (MultipartUpload u : client.listMultipartUploadsPaginator(b -> b.bucket(location.bucket())
                    .prefix(location.keyPrefix(prefix))).uploads()) {
                pending.add(new Pending(location.name(u.key()), u.uploadId(), u.initiated()));
            }
            return pending;
        } catch (SdkException e) {
            throw S3Errors.translate("ListMultipartUploads", locate(prefix), e);
        }
    }

    @Override
    public void abortPending(Pending pending) throws IOException {
        abort(pending.name(), pending.pendingId());
    }

    @Override
    public boolean wantsBuffersBack() {
        return pool.contended();
    }

    @Override
    public String locate(String name) {
        return S3Location.SCHEME + location.bucket() + '/' + key(name);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "S3Storage[" + location + "]";
    }

    String startMultipart(String name) throws IOException {
        return call("CreateMultipartUpload", name,
                () -> client.createMultipartUpload(requests.multipart(location.bucket(), key(name)))).uploadId();
    }

    CompletedPart uploadPart(String name, String uploadId, int number, byte[] bytes, int length)
            throws IOException {
        String eTag = call("UploadPart", name, () -> client.uploadPart(b -> b.bucket(location.bucket())
                .key(key(name)).uploadId(uploadId).partNumber(number).contentLength((long) length),
                RequestBody.fromContentProvider(() -> new java.io.ByteArrayInputStream(bytes, 0, length), length,
                        "application/octet-stream"))).eTag();
        return CompletedPart.builder().partNumber(number).eTag(eTag).build();
    }

    void complete(String name, String uploadId, List<CompletedPart> parts) throws IOException {
        call("CompleteMultipartUpload", name, () -> client.completeMultipartUpload(b -> b
                .bucket(location.bucket()).key(key(name)).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts))));
    }

    void abort(String name, String uploadId) throws IOException {
        try {
            client.abortMultipartUpload(b -> b.bucket(location.bucket()).key(key(name)).uploadId(uploadId));
        } catch (SdkException e) {
            if (!"NoSuchUpload".equals(S3Errors.code(e)) && S3Errors.status(e) != 404) {
                throw S3Errors.translate("AbortMultipartUpload", locate(name), e);
            }
        }
    }

    private String key(String name) {
        if (name.startsWith("/") || name.contains("//") || name.equals("..") || name.startsWith("../")
                || name.contains("/../") || name.endsWith("/..")) {
            throw new IllegalArgumentException("name '" + name + "' leads outside " + location);
        }
        return location.key(name);
    }

    private <T> T call(String operation, String name, Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (SdkException e) {
            throw S3Errors.translate(operation, locate(name), e);
        }
    }
}
