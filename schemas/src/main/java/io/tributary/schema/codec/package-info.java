/**
 * The event codecs: Avro single-object encoding (every released schema version readable) and the JSON line
 * format of EVENT-MODEL.md, with their decode errors. May use Avro and Jackson, not Kafka.
 */
package io.tributary.schema.codec;
