package io.tributary.schema.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The realistic event mix shipped in the schemas jar: a copy of {@code shared/data/sample-events.jsonl}, one
 * JSON line per event. Demo load and benchmarks draw from it.
 */
public final class SampleEvents {
    /** Classpath location of the JSON lines. */
    public static final String RESOURCE = "/io/tributary/schema/samples/sample-events.jsonl";

    private SampleEvents() {
    }

    /** The sample JSON lines, in file order, without line terminators. */
    public static List<String> lines() {
        try (InputStream in = SampleEvents.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("sample events missing from the schemas jar: " + RESOURCE);
            }
            List<String> lines = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
