package io.tributary.console.watch;

import io.tributary.schema.kafka.DeadLetterHeaders;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The dead-letter topic as the console shows it: how many records per reason, and the latest ones with their
 * reason, field, source coordinates and a safe preview of the bytes. Thread-safe.
 */
public final class DeadLetters {
    /** How many of the latest dead letters are kept. */
    public static final int LATEST = 200;
    /** Bytes of a record shown in its preview. */
    public static final int PREVIEW_BYTES = 512;

    private final String sourceTopic;
    private final Map<String, Long> reasons = new TreeMap<>();
    private final Deque<Entry> latest = new ArrayDeque<>();
    private long fromSource;

    /** @param sourceTopic the raw topic: dead letters from it are the processor's, the rest the exporters' */
    public DeadLetters(String sourceTopic) {
        this.sourceTopic = sourceTopic;
    }

    /**
     * One dead letter.
     *
     * @param timeMs the record's timestamp
     * @param reason the stable reason code, e.g. {@code MISSING_FIELD} or {@code HTTP_400}
     * @param field the field at fault, or empty
     * @param message the detail
     * @param preview the first {@value #PREVIEW_BYTES} bytes, non-printable ones written as {@code \xNN}
     */
    public record Entry(long timeMs, String reason, String errorClass, String field, String message,
            String sourceTopic, String sourcePartition, String sourceOffset, int partition, long offset,
            int bytes, String preview) {
    }

    /** Counts one dead letter (the {@link TopicWatcher} calls this for every record of the DLQ topic). */
    public void add(ConsumerRecord<byte[], byte[]> record) {
        String reason = header(record, DeadLetterHeaders.ERROR_REASON);
        String message = header(record, DeadLetterHeaders.ERROR_MESSAGE);
        String source = header(record, DeadLetterHeaders.SOURCE_TOPIC);
        byte[] value = record.value() == null ? new byte[0] : record.value();
        Entry entry = new Entry(record.timestamp(), reason.isEmpty() ? "UNKNOWN" : reason,
                header(record, DeadLetterHeaders.ERROR_CLASS), field(message), message, source,
                header(record, DeadLetterHeaders.SOURCE_PARTITION), header(record, DeadLetterHeaders.SOURCE_OFFSET),
                record.partition(), record.offset(), value.length, preview(value));
        synchronized (this) {
            reasons.merge(entry.reason(), 1L, Long::sum);
            if (source.equals(sourceTopic)) {
                fromSource++;
            }
            latest.addFirst(entry);
            if (latest.size() > LATEST) {
                latest.removeLast();
            }
        }
    }

    /** Count per reason, by reason. */
    public synchronized Map<String, Long> reasons() {
        return new TreeMap<>(reasons);
    }

    /** Dead letters the processor wrote (read from the raw topic). */
    public synchronized long fromProcessor() {
        return fromSource;
    }

    /** The latest dead letters, newest first. */
    public synchronized List<Entry> latest() {
        return new ArrayList<>(latest);
    }

    /** The field named by a message of the form {@code REASON at field 'name': ...}, or empty. */
    static String field(String message) {
        String marker = " at field '";
        int start = message.indexOf(marker);
        if (start < 0) {
            return "";
        }
        start += marker.length();
        int end = message.indexOf('\'', start);
        return end < 0 ? "" : message.substring(start, end);
    }

    /**
     * The first bytes as text: valid UTF-8 stays as it is (it is escaped where it is shown), and every byte that
     * is not valid UTF-8, and every control character, becomes {@code \xNN}, so a preview never hides what the
     * bytes are.
     */
    static String preview(byte[] value) {
        int n = Math.min(value.length, PREVIEW_BYTES);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(value, 0, n);
        CharBuffer chars = CharBuffer.allocate(n + 1);
        StringBuilder out = new StringBuilder(n + 16);
        while (in.hasRemaining()) {
            CoderResult result = decoder.decode(in, chars, true);
            chars.flip();
            chars.codePoints().forEach(cp -> appendSafe(out, cp));
            chars.clear();
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    out.append(String.format("\\x%02X", in.get() & 0xFF));
                }
            } else if (result.isUnderflow()) {
                // a sequence cut off by the preview's end: show its bytes
                while (in.hasRemaining()) {
                    out.append(String.format("\\x%02X", in.get() & 0xFF));
                }
            }
        }
        if (value.length > n) {
            out.append('\u2026');
        }
        return out.toString();
    }

    private static void appendSafe(StringBuilder out, int cp) {
        if ((cp < 0x20 && cp != ' ') || cp == 0x7F) {
            out.append(String.format("\\x%02X", cp));
        } else {
            out.appendCodePoint(cp);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null || h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
