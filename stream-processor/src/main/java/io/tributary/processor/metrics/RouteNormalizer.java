package io.tributary.processor.metrics;

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

    private static final int MIN_HEX_ID = 16;
    private static final int UUID_LENGTH = 36;

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

    /**
     * True when a path segment is an id: ASCII digits only, a UUID ({@code 8-4-4-4-12} hex digits), or 16 or more
     * hex digits. Checked character by character, since it runs for every segment of every HTTP event.
     */
    static boolean isId(String segment) {
        int n = segment.length();
        if (n == 0) {
            return false;
        }
        boolean digits = true;
        boolean hex = true;
        for (int i = 0; i < n && hex; i++) {
            char c = segment.charAt(i);
            digits &= c >= '0' && c <= '9';
            hex = isHex(c);
        }
        return digits || (hex && n >= MIN_HEX_ID) || isUuid(segment);
    }

    private static boolean isUuid(String s) {
        if (s.length() != UUID_LENGTH) {
            return false;
        }
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHex(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
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
