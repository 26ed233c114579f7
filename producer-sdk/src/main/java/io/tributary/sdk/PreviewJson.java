package io.tributary.sdk;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders the JSON-valued fields (argument and local previews, headers, custom properties) to JSON text on
 * the sender thread, applying the truncation limits: strings cut to {@code maxString} characters, objects and
 * arrays cut to {@code maxEntries} entries, nesting cut at depth 8. Values other than maps, collections,
 * arrays of objects, numbers, booleans and null are written as their {@code toString()}.
 */
final class PreviewJson {
    private static final int MAX_DEPTH = 8;

    private final int maxString;
    private final int maxEntries;
    private boolean truncated;
    private StringBuilder out = new StringBuilder(256);

    PreviewJson(int maxString, int maxEntries) {
        this.maxString = maxString;
        this.maxEntries = maxEntries;
    }

    /** JSON text of the value; {@link #truncated()} tells whether a limit applied. */
    String render(Object value) {
        truncated = false;
        StringBuilder out = this.out;
        out.setLength(0);
        write(value, out, 0);
        String text = out.toString();
        if (out.capacity() > 1 << 16) {
            this.out = new StringBuilder(256); // do not keep one huge preview's buffer
        }
        return text;
    }

    boolean truncated() {
        return truncated;
    }

    private void write(Object value, StringBuilder out, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Integer i) {
            out.append(i.intValue());
        } else if (value instanceof Long l) {
            out.append(l.longValue());
        } else if (value instanceof Boolean || value instanceof Short || value instanceof Byte
                || value instanceof java.math.BigInteger) {
            out.append(value);
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isFinite(d)) {
                if (number instanceof Double) {
                    out.append(d); // the same text as Double.toString, without the intermediate String
                } else {
                    out.append(number);
                }
            } else {
                string(String.valueOf(d), out);
            }
        } else if (depth >= MAX_DEPTH) {
            truncated = true;
            string("...", out);
        } else if (value instanceof Map<?, ?> map) {
            object(map, out, depth);
        } else if (value instanceof Collection<?> collection) {
            array(collection.iterator(), out, depth);
        } else if (value instanceof Object[] array) {
            array(java.util.Arrays.asList(array).iterator(), out, depth);
        } else {
            string(value.toString(), out);
        }
    }

    private void object(Map<?, ?> map, StringBuilder out, int depth) {
        out.append('{');
        int n = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (n == maxEntries) {
                truncated = true;
                break;
            }
            if (n++ > 0) {
                out.append(',');
            }
            Object key = entry.getKey();
            string(key instanceof String k ? k : String.valueOf(key), out);
            out.append(':');
            write(entry.getValue(), out, depth + 1);
        }
        out.append('}');
    }

    private void array(Iterator<?> items, StringBuilder out, int depth) {
        out.append('[');
        int n = 0;
        while (items.hasNext()) {
            Object item = items.next();
            if (n == maxEntries) {
                truncated = true;
                break;
            }
            if (n++ > 0) {
                out.append(',');
            }
            write(item, out, depth + 1);
        }
        out.append(']');
    }

    private void string(String s, StringBuilder out) {
        if (s.length() > maxString) {
            s = EventFinisher.cut(s, maxString);
            truncated = true;
        }
        out.append('"');
        int plain = 0;
        while (plain < s.length() && s.charAt(plain) >= 0x20 && s.charAt(plain) != '"' && s.charAt(plain) != '\\') {
            plain++;
        }
        if (plain == s.length()) {
            out.append(s).append('"');
            return;
        }
        out.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
