package io.tributary.schema.codec;

import io.tributary.schema.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every envelope schema version that ever shipped, by its CRC-64-AVRO fingerprint (the one Avro's
 * single-object encoding puts in each message header).
 *
 * <p>The released versions live in the schemas jar under {@code io/tributary/schema/versions/}, listed in
 * {@code index.txt}. A reader resolves bytes written with any of them into the current {@link Event}.
 * Schemas of newer writers can be added at run time with {@link #add(Schema)}.
 */
public final class EventSchemaStore implements SchemaStore {
    private static final String VERSIONS = "/io/tributary/schema/versions/";

    private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();
    private final List<Schema> released;

    private EventSchemaStore(List<Schema> released) {
        this.released = List.copyOf(released);
        released.forEach(this::add);
        add(Event.getClassSchema());
    }

    /** A store holding every released envelope version. */
    public static EventSchemaStore withReleasedVersions() {
        return new EventSchemaStore(loadReleased());
    }

    /** The versions shipped in this jar, oldest first. */
    public List<Schema> releasedVersions() {
        return released;
    }

    /** Registers one more writer schema; returns its fingerprint. */
    public long add(Schema schema) {
        Objects.requireNonNull(schema, "schema");
        long fingerprint = fingerprint(schema);
        byFingerprint.putIfAbsent(fingerprint, schema);
        return fingerprint;
    }

    /** The writer schema with this fingerprint, or {@code null} when none is known. */
    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** The CRC-64-AVRO fingerprint of the schema's parsing canonical form. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private static List<Schema> loadReleased() {
        List<Schema> schemas = new ArrayList<>();
        for (String name : read("index.txt").split("\\R")) {
            if (!name.isBlank()) {
                schemas.add(new Schema.Parser().parse(read(name.strip())));
            }
        }
        return schemas;
    }

    private static String read(String name) {
        try (InputStream in = EventSchemaStore.class.getResourceAsStream(VERSIONS + name)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing from the schemas jar: " + VERSIONS + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema resource " + VERSIONS + name, e);
        }
    }
}
