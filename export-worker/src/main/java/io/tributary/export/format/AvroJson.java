package io.tributary.export.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * Plain JSON for Avro values, as a person would write it: no union wrappers, enum symbols in lower case
 * (as in the JSON line format), bytes in Base64, {@code null} fields left out.
 */
public final class AvroJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private AvroJson() {
    }

    /** Writes a record as a JSON object, leaving out null fields. */
    public static void writeRecord(IndexedRecord record, JsonGenerator g) throws IOException {
        g.writeStartObject();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value != null) {
                g.writeFieldName(field.name());
                writeValue(value, g);
            }
        }
        g.writeEndObject();
    }

    /** Writes any Avro runtime value as JSON. */
    public static void writeValue(Object value, JsonGenerator g) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof IndexedRecord r) {
            writeRecord(r, g);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(e.getKey().toString());
                writeValue(e.getValue(), g);
            }
            g.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeValue(item, g);
            }
            g.writeEndArray();
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(plainString(value));
        }
    }

    /** A nested value (record, map, array) as compact JSON text. */
    public static String toJson(Object value) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeValue(value, g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.toString();
    }

    /** A scalar as text: enum symbols lower case, bytes as Base64, anything else by {@code toString}. */
    public static String plainString(Object value) {
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof GenericEnumSymbol<?> e) {
            return e.toString().toLowerCase(Locale.ROOT);
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }
}
