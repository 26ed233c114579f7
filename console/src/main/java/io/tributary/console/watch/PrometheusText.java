package io.tributary.console.watch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the Prometheus text exposition format (version 0.0.4) that every Tributary component serves. */
public final class PrometheusText {
    /** One sample: metric name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    /** The samples of {@code text}; comment lines and lines that do not parse are skipped. */
    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Sample s = parseLine(line.strip());
                if (s != null) {
                    samples.add(s);
                }
            }
        }
        return samples;
    }

    static Sample parseLine(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        int rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            rest = labels(line, brace + 1, labels);
            if (rest < 0) {
                return null;
            }
        } else {
            name = line.substring(0, space);
            rest = space;
        }
        String[] fields = line.substring(rest).strip().split(" ");
        try {
            return new Sample(name, labels, Double.parseDouble(fields[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Parses {@code a="x",b="y"}} from {@code at}; returns the index after the closing brace, or -1. */
    private static int labels(String line, int at, Map<String, String> labels) {
        int i = at;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == ',' || c == ' ') {
                i++;
                continue;
            }
            int eq = line.indexOf("=\"", i);
            if (eq < 0) {
                return -1;
            }
            String key = line.substring(i, eq);
            StringBuilder value = new StringBuilder();
            i = eq + 2;
            while (i < line.length() && line.charAt(i) != '"') {
                char v = line.charAt(i);
                if (v == '\\' && i + 1 < line.length()) {
                    char next = line.charAt(++i);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(v);
                }
                i++;
            }
            labels.put(key, value.toString());
            i++;
        }
        return -1;
    }
}
