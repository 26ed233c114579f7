/**
 * The producer SDK services embed: {@link io.tributary.sdk.TributaryClient}, its builder, sessions and stats; the rest is package-private.
 * May use the schemas module, kafka-clients, Avro and slf4j-api (Micrometer optionally) and nothing heavier.
 */
package io.tributary.sdk;
