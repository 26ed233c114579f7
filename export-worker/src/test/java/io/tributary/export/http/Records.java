package io.tributary.export.http;

import io.tributary.export.core.DecodeFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Batch records for unit tests: line {@code {"id":"e<offset>"}} at each offset. */
final class Records {
    static final TopicPartition TP = new TopicPartition("t.events.sampled", 3);

    private Records() {
    }

    static BatchRecord event(long offset) {
        return BatchRecord.event(source(offset), ("{\"id\":\"e" + offset + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    static BatchRecord undecodable(long offset) {
        return BatchRecord.undecodable(source(offset), new DecodeFailure("EventDecodeException", "MALFORMED_JSON",
                "not json"));
    }

    static ConsumerRecord<byte[], byte[]> source(long offset) {
        return new ConsumerRecord<>(TP.topic(), TP.partition(), offset, null,
                ("value-" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** Events at offsets {@code [from, to)}. */
    static List<BatchRecord> events(long from, long to) {
        List<BatchRecord> out = new ArrayList<>();
        for (long o = from; o < to; o++) {
            out.add(event(o));
        }
        return out;
    }

    static Batch batch(List<BatchRecord> records) {
        return new Batch(TP, records.get(0).offset(), records.get(records.size() - 1).offset() + 1, records);
    }
}
