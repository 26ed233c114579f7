package io.tributary.export.format;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 record reader, used by {@code verify} to parse CSV exports. Not thread-safe. */
final class CsvRecordReader {
    private final Reader in;
    private int pushedBack = -2;
    private long line = 1;

    CsvRecordReader(Reader in) {
        this.in = in;
    }

    /** The next record's fields, or {@code null} at the end of input. */
    List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        unread(c);
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            c = read();
            if (c == '"' && field.length() == 0) {
                readQuoted(field);
                c = read();
                if (c != ',' && c != '\r' && c != -1) {
                    throw new IOException("line " + line + ": character after closing quote: " + (char) c);
                }
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' || c == -1) {
                if (c == '\r' && read() != '\n') {
                    throw new IOException("line " + line + ": CR not followed by LF");
                }
                line++;
                fields.add(field.toString());
                return fields;
            } else if (c == '"' || c == '\n') {
                throw new IOException("line " + line + ": unquoted field contains " + (c == '"' ? "a quote" : "LF"));
            } else {
                field.append((char) c);
            }
        }
    }

    private void readQuoted(StringBuilder field) throws IOException {
        while (true) {
            int c = read();
            if (c == -1) {
                throw new IOException("line " + line + ": quoted field not closed at end of file");
            }
            if (c == '"') {
                int after = read();
                if (after != '"') {
                    unread(after);
                    return;
                }
            } else if (c == '\n') {
                line++;
            }
            field.append((char) c);
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
