package io.tributary.export.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;

/**
 * The HTTP sink's view of one assigned partition: records waiting to form a batch, the one batch in flight
 * (never more, so order is kept) and the delivery status its sender reports. Confined to the consumer thread
 * except {@link #status}.
 */
final class PartitionState {
    final TopicPartition partition;
    final DeliveryStatus status = new DeliveryStatus();
    private final ArrayDeque<BatchRecord> pending = new ArrayDeque<>();
    private long pendingBytes;
    private long pendingSinceMs = -1;
    /** Where the next batch starts: the end of the last one formed, or the position at assignment. */
    private long nextStart;
    /** A predecessor's in-flight batch, to be re-formed exactly. */
    private BatchIntent intent;
    Batch inFlight;
    Future<DeliveryResult> future;
    boolean commitDue;

    PartitionState(TopicPartition partition, long position, BatchIntent intent) {
        this.partition = partition;
        this.nextStart = position;
        this.intent = intent;
    }

    void add(BatchRecord record, long nowMs) {
        if (pending.isEmpty()) {
            pendingSinceMs = nowMs;
        }
        pending.addLast(record);
        pendingBytes += record.bodyBytes();
    }

    int pendingCount() {
        return pending.size();
    }

    long pendingBytes() {
        return pendingBytes;
    }

    /** True when the pending records should leave as a batch now. */
    boolean ready(long nowMs, BatchLimits limits) {
        if (pending.isEmpty()) {
            return false;
        }
        if (intent != null && pending.peekFirst().offset() <= intent.lastOffset()) {
            // Wait for the whole range of the predecessor's batch (it was consumed before, so it exists).
            return pending.peekLast().offset() >= intent.lastOffset();
        }
        return pending.size() >= limits.maxEvents() || pendingBytes >= limits.maxBytes()
                || nowMs - pendingSinceMs >= limits.maxAge().toMillis();
    }

    /** Takes the next batch off the pending records; call only when {@link #ready} and nothing is in flight. */
    Batch cut(long nowMs, BatchLimits limits) {
        List<BatchRecord> out = new ArrayList<>();
        long bytes = 0;
        boolean exact = intent != null && pending.peekFirst().offset() <= intent.lastOffset();
        while (!pending.isEmpty()) {
            BatchRecord r = pending.peekFirst();
            if (exact ? r.offset() > intent.lastOffset()
                    : out.size() >= limits.maxEvents() || (!out.isEmpty() && bytes + r.bodyBytes() > limits.maxBytes())) {
                break;
            }
            pending.pollFirst();
            out.add(r);
            bytes += r.bodyBytes();
        }
        intent = null;
        pendingBytes -= bytes;
        pendingSinceMs = pending.isEmpty() ? -1 : nowMs;
        long start = nextStart;
        nextStart = out.get(out.size() - 1).offset() + 1;
        return new Batch(partition, start, nextStart, out);
    }

    /** The offset to commit: the start of the batch in flight, else the end of the last one formed. */
    long commitOffset() {
        return inFlight != null ? inFlight.startOffset() : nextStart;
    }

    /** Commit metadata: the intent of the batch in flight, so a successor re-forms it. */
    String commitMetadata() {
        return inFlight != null ? new BatchIntent(inFlight.firstOffset(), inFlight.lastOffset()).metadata() : "";
    }
}
