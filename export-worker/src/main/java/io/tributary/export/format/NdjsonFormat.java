package io.tributary.export.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.avro.generic.IndexedRecord;

/**
 * Newline-delimited JSON, the default: one JSON object per line, each line terminated by {@code \n}. Events
 * are written in the JSON line format of EVENT-MODEL.md, so a line decodes back into the same event.
 */
public final class NdjsonFormat extends TextFormat {
    /** The configuration name. */
    public static final String NAME = "ndjson";

    /** NDJSON with the given options. */
    public NdjsonFormat(FormatOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RecordWriter open(OutputStream sink, RecordKind kind) throws IOException {
        JsonGenerator g = generator(sink);
        return new RecordWriter() {
            @Override
            public void write(IndexedRecord record) throws IOException {
                kind.writeJson(record, g);
                g.writeRaw('\n');
            }

            @Override
            public void close() throws IOException {
                g.close();
            }
        };
    }

    @Override
    public long countRecords(Path file) throws IOException {
        long count = 0;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(decompressed(file), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                count++;
                try (JsonParser p = JSON.createParser(line)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        throw new IOException("line " + count + " is not a JSON object");
                    }
                    p.skipChildren();
                    if (p.nextToken() != null) {
                        throw new IOException("line " + count + " holds more than one JSON value");
                    }
                }
            }
        }
        return count;
    }
}
