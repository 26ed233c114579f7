package io.tributary.schema.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;

/**
 * Copies the JSON value a parser is on as compact JSON text, through one generator reused for every value (a
 * generator per value cost more than the copy). Writes chars, as a {@code StringWriter} would, so the text is the
 * same as a fresh generator's. Not thread-safe: {@link JsonEventParser} keeps one per thread.
 */
final class JsonTextCopier {
    private final JsonFactory factory;
    private final CharSink sink = new CharSink();
    private JsonGenerator generator;

    /** @param factory configured as the codec's, with an empty root value separator */
    JsonTextCopier(JsonFactory factory) {
        this.factory = factory;
    }

    /** The value the parser's current token starts, as text; the parser ends on its last token. */
    String copy(JsonParser p) throws IOException {
        if (generator == null) {
            generator = factory.createGenerator(sink);
        }
        sink.count = 0;
        try {
            generator.copyCurrentStructure(p);
            generator.flush();
        } catch (IOException | RuntimeException e) {
            // Stopped inside a structure: the next value needs a generator at the root again.
            generator = null;
            throw e;
        }
        String text = new String(sink.buf, 0, sink.count);
        if (sink.buf.length > CharSink.MAX_KEPT_CHARS) {
            sink.buf = new char[CharSink.INITIAL_CHARS];
        }
        return text;
    }

    /** An unsynchronized, reusable char buffer. */
    private static final class CharSink extends Writer {
        static final int INITIAL_CHARS = 256;
        static final int MAX_KEPT_CHARS = 64 * 1024;
        char[] buf = new char[INITIAL_CHARS];
        int count;

        @Override
        public void write(char[] chars, int off, int len) {
            if (count + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
            }
            System.arraycopy(chars, off, buf, count, len);
            count += len;
        }

        @Override
        public void write(String s, int off, int len) {
            if (count + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
            }
            s.getChars(off, off + len, buf, count);
            count += len;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
