package io.tributary.export.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.apache.avro.generic.IndexedRecord;

/**
 * One JSON array per file, one object per line inside it ({@code [\n{...},\n{...}\n]\n}); objects are the
 * same as in {@link NdjsonFormat}. An empty file is {@code []}.
 */
public final class JsonArrayFormat extends TextFormat {
    /** The configuration name. */
    public static final String NAME = "json";

    /** JSON arrays with the given options. */
    public JsonArrayFormat(FormatOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RecordWriter open(OutputStream sink, RecordKind kind) throws IOException {
        JsonGenerator g = generator(sink);
        g.writeRaw('[');
        return new RecordWriter() {
            private boolean first = true;

            @Override
            public void write(IndexedRecord record) throws IOException {
                g.writeRaw(first ? "\n" : ",\n");
                first = false;
                kind.writeJson(record, g);
            }

            @Override
            public void close() throws IOException {
                g.writeRaw(first ? "]\n" : "\n]\n");
                g.close();
            }
        };
    }

    @Override
    public long countRecords(Path file) throws IOException {
        long count = 0;
        try (JsonParser p = JSON.createParser(decompressed(file))) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("file does not start with a JSON array");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT) {
                    throw new IOException("array element " + (count + 1) + " is not a JSON object: " + t);
                }
                p.skipChildren();
                count++;
            }
            if (p.nextToken() != null) {
                throw new IOException("content after the closing bracket");
            }
        }
        return count;
    }
}
