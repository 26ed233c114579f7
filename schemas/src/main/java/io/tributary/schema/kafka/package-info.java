/**
 * Kafka-facing pieces of the schemas: serdes, topic names, dead-letter headers. May use kafka-clients and
 * the codecs of this module.
 */
package io.tributary.schema.kafka;
