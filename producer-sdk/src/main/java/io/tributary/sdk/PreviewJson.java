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

    PreviewJson(int maxString, int maxEntries) {
        this.maxString = maxString;
        this.maxEntries = maxEntries;
    }

    /** JSON text of the value; {@link #truncated()} tells whether a limit applied. */
    String render(Object value) {
        truncated = false;
        StringBuilder out = new StringBuilder(64);
        write(value, out, 0);
        return out.toString();
    }

    boolean truncated() {
        return truncated;
    }

    private void write(Object value, StringBuilder out, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof java.math.BigInteger) {
            out.append(value);
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isFinite(d)) {
                out.append(number);
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
            string(String.valueOf(entry.getKey()), out);
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
        for (int i = 0; i < s.length(); i++) {
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
