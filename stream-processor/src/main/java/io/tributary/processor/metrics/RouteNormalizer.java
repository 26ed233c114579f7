package io.tributary.processor.metrics;

import java.util.regex.Pattern;

/**
 * Reduces a URL to a route template, so that one metric key covers every request to the same endpoint:
 * scheme, host, query and fragment are dropped, and path segments that are ids become {@code {id}}.
 * An id is a number ({@code 42}), a UUID, or a hex string of 16 or more digits.
 *
 * <pre>{@code
 * RouteNormalizer.normalize("https://api.example.com/v1/users/42?x=1")  // "/v1/users/{id}"
 * }</pre>
 */
public final class RouteNormalizer {
    /** Placeholder that replaces id segments. */
    public static final String ID = "{id}";

    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern LONG_HEX = Pattern.compile("[0-9a-fA-F]{16,}");

    private RouteNormalizer() {
    }

    /** The route template of {@code url} (an absolute URL or a path); never null, at least {@code "/"}. */
    public static String normalize(String url) {
        String path = pathOf(url);
        StringBuilder route = new StringBuilder(path.length());
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            route.append('/').append(isId(segment) ? ID : segment);
            start = end + 1;
        }
        return route.length() == 0 ? "/" : route.toString();
    }

    /** True when a path segment is an id. */
    static boolean isId(String segment) {
        return !segment.isEmpty() && (NUMBER.matcher(segment).matches() || UUID.matcher(segment).matches()
                || LONG_HEX.matcher(segment).matches());
    }

    private static String pathOf(String url) {
        String s = url.trim();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            int slash = s.indexOf('/', scheme + 3);
            s = slash < 0 ? "/" : s.substring(slash);
        }
        int cut = firstOf(s, '?', '#');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        if (s.isEmpty()) {
            return "/";
        }
        return s.charAt(0) == '/' ? s : "/" + s;
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }
}
