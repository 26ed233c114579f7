package io.tributary.export.format;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.schema.Event;
import io.tributary.schema.MetricWindow;
import io.tributary.schema.SessionSummary;
import io.tributary.schema.codec.JsonEventCodec;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * The kinds of record Tributary topics carry, each with its Avro schema, its event time and its JSON form.
 * {@code events.*} topics carry {@link Event}s, {@code metrics.*} topics {@link MetricWindow}s and
 * {@code sessions} {@link SessionSummary}s.
 */
public enum RecordKind {
    /** The event envelope; JSON is the canonical JSON line of {@link JsonEventCodec}. */
    EVENT(Event.getClassSchema()),
    /** One metric window; event time is the window start. */
    METRIC_WINDOW(MetricWindow.getClassSchema()),
    /** One session summary; event time is the session start. */
    SESSION_SUMMARY(SessionSummary.getClassSchema());

    private static final JsonEventCodec EVENT_JSON = JsonEventCodec.create();

    private final Schema schema;

    RecordKind(Schema schema) {
        this.schema = schema;
    }

    /** The Avro schema of records of this kind. */
    public Schema schema() {
        return schema;
    }

    /** Event time of the record in nanoseconds since the Unix epoch, which decides its time partition. */
    public long eventTimeNs(IndexedRecord record) {
        switch (this) {
            case EVENT:
                return ((Event) record).getTsNs();
            case METRIC_WINDOW:
                return Math.multiplyExact(((MetricWindow) record).getWindowStartMs(), 1_000_000L);
            default:
                return ((SessionSummary) record).getStartNs();
        }
    }

    /**
     * Writes the record as one JSON object. Events use the JSON line format of EVENT-MODEL.md, so an exported
     * line decodes back into the same event; other kinds use their Avro field names ({@link AvroJson}).
     */
    public void writeJson(IndexedRecord record, JsonGenerator generator) throws IOException {
        if (this == EVENT) {
            EVENT_JSON.write((Event) record, generator);
        } else {
            AvroJson.writeRecord(record, generator);
        }
    }

    /** Reads the value of a top-level string-like field, or {@code null} when the kind has no such field. */
    public String stringField(IndexedRecord record, String field) {
        Schema.Field f = schema.getField(field);
        if (f == null) {
            return null;
        }
        Object value = record.get(f.pos());
        return value == null ? null : AvroJson.plainString(value);
    }
}
