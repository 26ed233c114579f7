package io.tributary.console.watch;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The latest events of the sampled topic in their JSON line form, each with a sequence number so a client asks
 * only for what it has not seen. Bounded to {@value #LATEST}. Thread-safe.
 */
public final class LiveTail {
    public static final int LATEST = 1_000;

    /** One event: its sequence number, topic coordinates, and its JSON line (the text, as the codec wrote it). */
    public record Entry(long seq, long timeMs, int partition, long offset, String type, String service,
            String sessionId, String json) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private long next = 1;

    /** Appends one event. */
    public synchronized void add(long timeMs, int partition, long offset, String type, String service, String sessionId,
            String json) {
        entries.addLast(new Entry(next++, timeMs, partition, offset, type, service, sessionId, json));
        if (entries.size() > LATEST) {
            entries.removeFirst();
        }
    }

    /** Entries with a sequence number above {@code afterSeq}, oldest first, at most {@code max} (the newest). */
    public synchronized List<Entry> after(long afterSeq, int max) {
        List<Entry> list = new ArrayList<>();
        for (Entry e : entries) {
            if (e.seq() > afterSeq) {
                list.add(e);
            }
        }
        return list.size() <= max ? list : new ArrayList<>(list.subList(list.size() - max, list.size()));
    }
}
