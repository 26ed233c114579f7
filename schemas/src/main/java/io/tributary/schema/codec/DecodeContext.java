package io.tributary.schema.codec;

import java.util.Objects;
import java.util.UUID;

/**
 * What the JSON line format may leave out, and where to take it from instead.
 *
 * @param defaultService service of events whose JSON has no {@code service} field (a {@code service} record
 *     header, when present, is passed here by the caller)
 * @param eventIds event id of events whose JSON has no {@code id}; the processor derives it from topic,
 *     partition and offset so a replay yields the same id
 */
public record DecodeContext(String defaultService, EventIdSource eventIds) {

    /** Service name used when neither the event nor the caller names one. */
    public static final String UNKNOWN_SERVICE = "unknown";

    public DecodeContext {
        Objects.requireNonNull(defaultService, "defaultService");
        Objects.requireNonNull(eventIds, "eventIds");
    }

    /** Service {@value #UNKNOWN_SERVICE}; missing ids derived from the bytes (a name-based UUID). */
    public static DecodeContext defaults() {
        return new DecodeContext(UNKNOWN_SERVICE, EventIdSource.FROM_CONTENT);
    }

    /** A missing id derived from the bytes, and the given default service. */
    public static DecodeContext withDefaultService(String service) {
        return new DecodeContext(service, EventIdSource.FROM_CONTENT);
    }

    /** Supplies the id of an event that arrived without one. */
    @FunctionalInterface
    public interface EventIdSource {
        /** Derives the id from the event's bytes alone: identical lines get identical ids. */
        EventIdSource FROM_CONTENT = bytes -> UUID.nameUUIDFromBytes(bytes).toString();

        /** The id for the event encoded in {@code bytes}. */
        String eventIdFor(byte[] bytes);

        /** Ids that are a pure function of where the record sits in Kafka. */
        static String fromCoordinates(String topic, int partition, long offset) {
            return UUID.nameUUIDFromBytes((topic + '/' + partition + '/' + offset).getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)).toString();
        }
    }
}
