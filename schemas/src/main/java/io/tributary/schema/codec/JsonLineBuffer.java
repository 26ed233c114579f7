package io.tributary.schema.codec;

import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON object written into a reused byte array, exactly as Jackson's UTF-8 generator with default features
 * writes it (the generator behind {@link JsonEventWriter}), without its per-value context checks. Strings are
 * escaped as Jackson escapes them: quote, backslash, backspace, form feed, newline, carriage return and tab by
 * a backslash and a letter, other control characters and each surrogate (so characters outside the BMP) as a
 * six-character unicode escape with upper-case hex digits; everything else passes through as UTF-8. Nesting is one level deep at most, as in the event line. Not thread-safe.
 */
final class JsonLineBuffer {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_KEPT_BYTES = 64 * 1024;

    private byte[] buf = new byte[512];
    private int count;
    private boolean first;

    /** Forgets the previous line. */
    void reset() {
        count = 0;
        if (buf.length > MAX_KEPT_BYTES) {
            buf = new byte[512];
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, count);
    }

    void append(byte[] bytes) {
        raw(bytes, 0, bytes.length);
    }

    void startObject() {
        ensure(1);
        buf[count++] = '{';
        first = true;
    }

    void endObject() {
        ensure(1);
        buf[count++] = '}';
        first = false;
    }

    /** A field name from the format's pre-encoded names. */
    void field(SerializableString name) {
        byte[] quoted = name.asQuotedUTF8();
        ensure(quoted.length + 4);
        if (!first) {
            buf[count++] = ',';
        }
        first = false;
        buf[count++] = '"';
        System.arraycopy(quoted, 0, buf, count, quoted.length);
        count += quoted.length;
        buf[count++] = '"';
        buf[count++] = ':';
    }

    /** A field name from the data, escaped as a string is. */
    void field(byte[] utf8, int length) {
        ensure(1);
        if (!first) {
            buf[count++] = ',';
        }
        first = false;
        string(utf8, length);
        ensure(1);
        buf[count++] = ':';
    }

    /** A string value given as the UTF-8 bytes Avro holds. */
    void string(byte[] utf8, int length) {
        ensure(length + 2);
        buf[count++] = '"';
        for (int i = 0; i < length; i++) {
            byte b = utf8[i];
            if (b < 0) {
                // Beyond ASCII: what Avro's String would hold (malformed bytes become U+FFFD), char by char.
                chars(new String(utf8, i, length - i, StandardCharsets.UTF_8));
                break;
            }
            ascii(b);
        }
        ensure(1);
        buf[count++] = '"';
    }

    /** A string value given as a Java string. */
    void string(String value) {
        ensure(value.length() + 2);
        buf[count++] = '"';
        chars(value);
        ensure(1);
        buf[count++] = '"';
    }

    /** JSON text written as it is (the value of a field holding arbitrary JSON). */
    void rawValue(byte[] utf8, int length) {
        for (int i = 0; i < length; i++) {
            if (utf8[i] < 0) {
                // Beyond ASCII the reference writes the decoded string, so malformed bytes become U+FFFD.
                byte[] clean = new String(utf8, 0, length, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                raw(clean, 0, clean.length);
                return;
            }
        }
        raw(utf8, 0, length);
    }

    void number(long value) {
        String digits = Long.toString(value);
        ensure(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            buf[count++] = (byte) digits.charAt(i);
        }
    }

    /** A double as Jackson writes it by default: {@code Double.toString}, quoted when not finite. */
    void number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            string(String.valueOf(value));
        } else {
            append(Double.toString(value).getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void chars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                ascii((byte) c);
            } else if (c < 0x800) {
                ensure(2);
                buf[count++] = (byte) (0xC0 | (c >> 6));
                buf[count++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c);
            } else {
                ensure(3);
                buf[count++] = (byte) (0xE0 | (c >> 12));
                buf[count++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[count++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void ascii(byte b) {
        if (b >= 0x20 && b != '"' && b != '\\') {
            ensure(1);
            buf[count++] = b;
            return;
        }
        byte shortEscape = switch (b) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\f' -> 'f';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            default -> 0;
        };
        if (shortEscape != 0) {
            ensure(2);
            buf[count++] = '\\';
            buf[count++] = shortEscape;
        } else {
            unicodeEscape((char) b);
        }
    }

    private void unicodeEscape(char c) {
        ensure(6);
        buf[count++] = '\\';
        buf[count++] = 'u';
        buf[count++] = HEX[(c >> 12) & 0xF];
        buf[count++] = HEX[(c >> 8) & 0xF];
        buf[count++] = HEX[(c >> 4) & 0xF];
        buf[count++] = HEX[c & 0xF];
    }

    private void raw(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, count, len);
        count += len;
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }
}
