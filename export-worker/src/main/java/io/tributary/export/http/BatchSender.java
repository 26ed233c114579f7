package io.tributary.export.http;

import io.tributary.RetriableTributaryException;
import io.tributary.export.format.Compression;
import io.tributary.export.format.ZstdContexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one batch, whatever it takes, and returns only when every record is either accepted by the endpoint
 * or durable in the dead-letter topic (or throws {@link InterruptedException} when told to stop, having
 * committed nothing). The response decides:
 *
 * <ul>
 *   <li>2xx: done.</li>
 *   <li>408, 429, 5xx except 501, network errors: retry after {@code Retry-After} or the backoff of the
 *       {@link RetryPolicy}; after its max elapsed time block (keep retrying) or dead-letter.</li>
 *   <li>413: split in half, send each half (a single record is dead-lettered).</li>
 *   <li>401, 403: mark the partition auth-failing (paused, health DEGRADED) and retry slowly; never dead-letter.</li>
 *   <li>Any other status (400, 422, other 4xx, 501, 3xx): bisect to isolate the rejected records; those go to
 *       the dead-letter topic with the status and a response snippet, the rest are delivered.</li>
 * </ul>
 *
 * Halves go out in order, so a partition's events reach the endpoint in offset order. Each request carries the
 * {@link IdempotencyKeys key} of the records it holds. Thread-safe: one instance serves every partition.
 */
final class BatchSender {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);

    /** How a response is handled. */
    enum Verdict { DELIVERED, RETRY, TOO_LARGE, REJECTED, AUTH }

    private final BatchTransport transport;
    private final DeadLetterSink deadLetters;
    private final Compression compression;
    private final ZstdContexts zstd;
    private final int gzipLevel;
    private final RetryPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final HttpExportMetrics metrics;

    BatchSender(BatchTransport transport, DeadLetterSink deadLetters, Compression compression, int zstdLevel,
            int gzipLevel, RetryPolicy policy, Clock clock, Sleeper sleeper, DoubleSupplier random,
            HttpExportMetrics metrics) {
        this.transport = transport;
        this.deadLetters = deadLetters;
        this.compression = compression;
        this.zstd = new ZstdContexts(zstdLevel);
        this.gzipLevel = gzipLevel;
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.metrics = metrics;
    }

    static Verdict classify(int status) {
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        if (status == 401 || status == 403) {
            return Verdict.AUTH;
        }
        if (status == 413) {
            return Verdict.TOO_LARGE;
        }
        if (status == 408 || status == 429 || (status >= 500 && status != 501)) {
            return Verdict.RETRY;
        }
        return Verdict.REJECTED;
    }

    /**
     * Delivers {@code batch}; undecodable records go to the dead-letter topic first.
     *
     * @throws InterruptedException when interrupted; nothing about the batch may be committed then
     */
    DeliveryResult deliver(Batch batch, DeliveryStatus status) throws InterruptedException {
        DeliveryResult result = DeliveryResult.NONE;
        for (BatchRecord bad : batch.undecodable()) {
            deadLetter(batch.partition(), List.of(bad), bad.failure().errorClass(), bad.failure().reason(),
                    bad.failure().message(), 0);
            result = result.plus(new DeliveryResult(0, 1, 0));
        }
        List<BatchRecord> events = batch.events();
        if (!events.isEmpty()) {
            result = result.plus(send(batch.partition(), events, status));
        }
        return result;
    }

    private DeliveryResult send(TopicPartition tp, List<BatchRecord> events, DeliveryStatus status)
            throws InterruptedException {
        long first = events.get(0).offset();
        long last = events.get(events.size() - 1).offset();
        String key = IdempotencyKeys.of(tp.topic(), tp.partition(), first, last);
        String description = tp + "@" + first + ".." + last;
        byte[] body = encode(events);
        BatchTransport.Request request = new BatchTransport.Request(key, body, events.size(), description);
        Instant failingSince = null;
        int failures = 0;
        int requests = 0;
        while (true) {
            BatchTransport.Response response = null;
            IOException error = null;
            try {
                response = transport.send(request);
            } catch (IOException e) {
                error = e;
            }
            requests++;
            metrics.response(response == null ? 0 : response.status());
            Verdict verdict = response == null ? Verdict.RETRY : classify(response.status());
            if (verdict != Verdict.AUTH && status.authFailing) {
                LOG.info("{}: the endpoint accepts the credentials again, partition resumes", tp);
                status.authFailing = false;
            }
            switch (verdict) {
                case DELIVERED:
                    status.blocked = false;
                    status.failures = 0;
                    metrics.delivered(tp.topic(), events.size(), body.length);
                    return new DeliveryResult(events.size(), 0, requests);
                case TOO_LARGE:
                case REJECTED:
                    return new DeliveryResult(0, 0, requests).plus(reject(tp, events, description, response, status));
                case AUTH:
                    failingSince = null;
                    if (!status.authFailing) {
                        LOG.warn("{}: the endpoint refused the credentials (HTTP {}): partition paused, retrying "
                                + "every {} ms until the token is accepted; nothing goes to the DLQ. Response: {}",
                                description, response.status(), policy.authRetry().toMillis(), response.snippet());
                        status.authFailing = true;
                    }
                    sleeper.sleep(policy.authRetry());
                    break;
                default:
                    failures++;
                    status.failures = failures;
                    metrics.retried(tp.topic());
                    Instant now = clock.instant();
                    failingSince = failingSince == null ? now : failingSince;
                    if (Duration.between(failingSince, now).compareTo(policy.maxElapsed()) >= 0) {
                        if (policy.exhausted() == HttpExportConfig.Exhausted.DLQ) {
                            return new DeliveryResult(0, 0, requests)
                                    .plus(exhausted(tp, events, description, response, error, failures));
                        }
                        if (!status.blocked) {
                            LOG.error("{}: still failing after {} attempts over {}; the partition is blocked and "
                                    + "retries forever (http.retry.exhausted=block)", description, failures,
                                    Duration.between(failingSince, now));
                            status.blocked = true;
                        }
                    }
                    Duration wait = waitBefore(failures, response, now);
                    LOG.warn("{}: attempt {} failed ({}), retrying in {} ms", description, failures,
                            response == null ? String.valueOf(error) : "HTTP " + response.status(), wait.toMillis());
                    sleeper.sleep(wait);
            }
        }
    }

    /** The wait before the next attempt: the server's {@code Retry-After} if it sent one, else the backoff. */
    Duration waitBefore(int failures, BatchTransport.Response response, Instant now) {
        Optional<Duration> requested = response == null ? Optional.empty()
                : RetryAfter.parse(response.retryAfter().orElse(null), now);
        return requested.map(policy::retryAfter).orElseGet(() -> policy.backoff(failures, random.getAsDouble()));
    }

    private DeliveryResult reject(TopicPartition tp, List<BatchRecord> events, String description,
            BatchTransport.Response response, DeliveryStatus partitionStatus) throws InterruptedException {
        int status = response.status();
        if (events.size() == 1) {
            LOG.warn("{}: rejected with HTTP {}, moving the event to the dead-letter topic. Response: {}",
                    description, status, response.snippet());
            deadLetter(tp, events, "HttpRejected", "HTTP_" + status, response.snippet(), status);
            return new DeliveryResult(0, 1, 0);
        }
        int mid = events.size() / 2;
        LOG.info("{}: HTTP {}, {} the batch into {} + {} events", description, status,
                status == 413 ? "splitting" : "bisecting", mid, events.size() - mid);
        DeliveryResult left = send(tp, events.subList(0, mid), partitionStatus);
        return left.plus(send(tp, events.subList(mid, events.size()), partitionStatus));
    }

    private DeliveryResult exhausted(TopicPartition tp, List<BatchRecord> events, String description,
            BatchTransport.Response response, IOException error, int failures) throws InterruptedException {
        String reason = response == null ? "IO_ERROR" : "HTTP_" + response.status();
        String message = "retries exhausted after " + failures + " attempts; last: "
                + (response == null ? String.valueOf(error) : response.snippet());
        LOG.warn("{}: {}; moving {} events to the dead-letter topic (http.retry.exhausted=dlq)", description,
                message, events.size());
        deadLetter(tp, events, "HttpRetriesExhausted", reason, message, response == null ? 0 : response.status());
        return new DeliveryResult(0, events.size(), 0);
    }

    /** Writes to the dead-letter topic, retrying with backoff until it is durable. */
    private void deadLetter(TopicPartition tp, List<BatchRecord> records, String errorClass, String reason,
            String message, int httpStatus) throws InterruptedException {
        int failures = 0;
        while (true) {
            try {
                deadLetters.send(records, errorClass, reason, message, httpStatus);
                metrics.deadLettered(tp.topic(), records.size());
                return;
            } catch (RetriableTributaryException e) {
                failures++;
                Duration wait = policy.backoff(failures, random.getAsDouble());
                LOG.warn("{}: dead-letter write failed ({}), retrying in {} ms", tp, e.getMessage(), wait.toMillis());
                sleeper.sleep(wait);
            }
        }
    }

    /** The NDJSON body, compressed (zstd as one frame: see {@link ZstdContexts}). */
    byte[] encode(List<BatchRecord> events) {
        long raw = 0;
        for (BatchRecord r : events) {
            raw += r.bodyBytes();
        }
        ExposedBuffer lines = new ExposedBuffer((int) Math.min(Integer.MAX_VALUE - 8, raw));
        try {
            for (BatchRecord r : events) {
                lines.write(r.line());
                lines.write('\n');
            }
            switch (compression) {
                case ZSTD:
                    return zstd.compress(lines.bytes(), 0, lines.size());
                case GZIP:
                    ByteArrayOutputStream body = new ByteArrayOutputStream(lines.size() / 4 + 64);
                    try (OutputStream gzip = Compression.gzip(body, gzipLevel)) {
                        gzip.write(lines.bytes(), 0, lines.size());
                    }
                    return body.toByteArray();
                default:
                    return lines.toByteArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("compressing in memory failed", e);
        }
    }

    /** A {@link ByteArrayOutputStream} whose bytes can be read without a copy. */
    private static final class ExposedBuffer extends ByteArrayOutputStream {
        ExposedBuffer(int size) {
            super(size);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
