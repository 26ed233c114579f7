package io.tributary.export.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.export.format.RecordKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.generic.IndexedRecord;

/**
 * Renders records as NDJSON lines: events in the JSON line format of EVENT-MODEL.md (so a receiver can decode
 * them with any Tributary codec), other kinds with their Avro field names. Not thread-safe.
 */
final class NdjsonLines {
    private final JsonFactory factory = JsonFactory.builder().build();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

    /** One line, without the newline. */
    byte[] line(RecordKind kind, IndexedRecord record) {
        buffer.reset();
        try (JsonGenerator g = factory.createGenerator(buffer)) {
            kind.writeJson(record, g);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory failed", e);
        }
        return buffer.toByteArray();
    }
}
