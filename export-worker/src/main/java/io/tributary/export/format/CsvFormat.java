package io.tributary.export.format;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.generic.IndexedRecord;

/**
 * CSV per RFC 4180: UTF-8, a header row naming the {@link FlatTable} columns, records terminated by CRLF,
 * fields quoted when they contain a comma, a double quote, CR or LF, quotes inside doubled. A {@code null}
 * is an empty field; an empty string is {@code ""}. Nested values are JSON strings.
 */
public final class CsvFormat extends TextFormat {
    /** The configuration name. */
    public static final String NAME = "csv";

    /** CSV with the given options. */
    public CsvFormat(FormatOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RecordWriter open(OutputStream sink, RecordKind kind) throws IOException {
        FlatTable table = FlatTable.of(kind);
        Writer out = new BufferedWriter(new OutputStreamWriter(compressed(sink), StandardCharsets.UTF_8), 16 * 1024);
        List<FlatTable.Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            writeField(out, columns.get(i).name());
        }
        out.write("\r\n");
        return new RecordWriter() {
            @Override
            public void write(IndexedRecord record) throws IOException {
                Object[] row = table.row(record);
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    if (row[i] instanceof String s) {
                        writeField(out, s);
                    } else if (row[i] != null) {
                        out.write(row[i].toString());
                    }
                }
                out.write("\r\n");
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    /** Writes one text field, quoted when RFC 4180 requires it (and always when empty, to tell it from null). */
    static void writeField(Writer out, String value) throws IOException {
        if (!value.isEmpty() && !needsQuotes(value)) {
            out.write(value);
            return;
        }
        out.write('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.write('"');
            }
            out.write(c);
        }
        out.write('"');
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }

    @Override
    public long countRecords(Path file) throws IOException {
        try (Reader in = new InputStreamReader(decompressed(file), StandardCharsets.UTF_8)) {
            CsvRecordReader reader = new CsvRecordReader(in);
            List<String> header = reader.next();
            if (header == null) {
                throw new IOException("CSV file has no header row");
            }
            long count = 0;
            for (List<String> record = reader.next(); record != null; record = reader.next()) {
                count++;
                if (record.size() != header.size()) {
                    throw new IOException("record " + count + " has " + record.size() + " fields, the header "
                            + header.size());
                }
            }
            return count;
        }
    }
}
