package io.tributary.export.http;

import io.tributary.export.core.DecodeFailure;
import io.tributary.export.core.PartitionSink;
import io.tributary.export.format.RecordKind;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP exporter's sink for one partition: renders records as NDJSON lines, cuts a batch when the
 * {@link BatchLimits} say so and nothing is in flight, and hands it to the sender pool only once the loop has
 * committed its intent (the batch's start offset, with its offsets in the commit metadata). Once the batch is
 * delivered or dead-lettered its end becomes committable. A successor re-forms a predecessor's unconfirmed
 * batch exactly, so a resend repeats its {@code Idempotency-Key}.
 *
 * <p>It asks the loop to stop fetching while its pending records exceed two batches or the endpoint refuses
 * the credentials. When the partition leaves, a batch in flight gets until the deadline to finish; one that does
 * not is cancelled and stays uncommitted.
 */
final class HttpSink implements PartitionSink {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSink.class);

    private final TopicPartition partition;
    private final RecordKind kind;
    private final HttpSinkFactory shared;
    private PartitionState state;

    HttpSink(TopicPartition partition, RecordKind kind, HttpSinkFactory shared) {
        this.partition = partition;
        this.kind = kind;
        this.shared = shared;
        this.state = new PartitionState(partition, -1, null);
    }

    @Override
    public OptionalLong recover() {
        return OptionalLong.empty();
    }

    @Override
    public void begin(long position, OffsetAndMetadata committed) {
        BatchIntent intent = committed == null || committed.offset() != position ? null
                : BatchIntent.parse(committed.metadata()).filter(i -> i.firstOffset() >= position).orElse(null);
        state = new PartitionState(partition, position, intent);
        if (intent != null) {
            LOG.info("{}: forwarding from offset {}, first re-forming the predecessor's unconfirmed batch {}..{}",
                    partition, position, intent.firstOffset(), intent.lastOffset());
        }
    }

    @Override
    public void append(ConsumerRecord<byte[], byte[]> source, IndexedRecord record) {
        state.add(BatchRecord.event(source, shared.lines().line(kind, record)), shared.clock().millis());
    }

    @Override
    public void deadLetter(ConsumerRecord<byte[], byte[]> source, DecodeFailure failure) {
        // Goes out with its batch, in offset order: the sender writes it to the dead-letter topic, confirmed.
        state.add(BatchRecord.undecodable(source, failure), shared.clock().millis());
    }

    @Override
    public void skip(long offset, SkipReason reason) {
        state.add(BatchRecord.empty(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null,
                null)), shared.clock().millis());
    }

    @Override
    public void flushIfDue() {
        collectFinished();
        long now = shared.clock().millis();
        if (state.inFlight == null && state.ready(now, shared.limits())) {
            state.inFlight = state.cut(now, shared.limits());
            state.commitDue = true;
        }
    }

    /** Marks a finished batch delivered; a batch whose task failed unexpectedly is sent again. */
    private void collectFinished() {
        if (state.future == null || !state.future.isDone()) {
            return;
        }
        try {
            state.future.get();
            state.inFlight = null;
            state.commitDue = true;
        } catch (ExecutionException e) {
            LOG.error("{}: delivering {} failed unexpectedly, sending it again", partition, state.inFlight,
                    e.getCause());
        } catch (InterruptedException | CancellationException e) {
            // only this sink cancels, and it is closed when it does
            LOG.warn("{}: delivery of {} was cancelled", partition, state.inFlight);
        }
        state.future = null;
    }

    @Override
    public void flush(long deadlineNanos) {
        if (state.future == null) {
            // Nothing sent. A batch formed but never sent (its intent commit failed) still commits its intent.
            return;
        }
        try {
            state.future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            state.inFlight = null;
            state.commitDue = true;
        } catch (TimeoutException | ExecutionException | CancellationException e) {
            LOG.warn("{}: {} not delivered before the partition left; it stays uncommitted and is resent "
                    + "under the same Idempotency-Key", partition, state.inFlight);
            abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
        }
    }

    @Override
    public Optional<OffsetAndMetadata> commitDue() {
        return state.commitDue ? Optional.of(new OffsetAndMetadata(state.commitOffset(), state.commitMetadata()))
                : Optional.empty();
    }

    @Override
    public void committed() {
        state.commitDue = false;
        if (state.inFlight != null && state.future == null) {
            Batch batch = state.inFlight;
            DeliveryStatus status = state.status;
            state.future = shared.senders().submit(() -> shared.sender().deliver(batch, status));
        }
    }

    @Override
    public boolean inFlight() {
        return state.inFlight != null;
    }

    @Override
    public boolean acceptsRecords() {
        BatchLimits limits = shared.limits();
        boolean full = state.pendingCount() >= 2L * limits.maxEvents()
                || state.pendingBytes() >= 2 * limits.maxBytes();
        return !full && !state.status.authFailing;
    }

    @Override
    public Optional<String> problem() {
        if (state.status.authFailing) {
            return Optional.of("the endpoint refuses the credentials (HTTP 401/403); retrying");
        }
        if (state.status.blocked) {
            return Optional.of("a batch still fails after the max elapsed retry time; retrying");
        }
        return Optional.empty();
    }

    @Override
    public long restartOffset() {
        return state.commitOffset();
    }

    @Override
    public void abort() {
        if (state.future != null) {
            state.future.cancel(true);
        }
        state.commitDue = false;
    }
}
