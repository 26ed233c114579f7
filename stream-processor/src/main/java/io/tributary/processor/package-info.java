/**
 * The Kafka Streams application: {@link io.tributary.processor.StreamProcessor}, its configuration and
 * topology. May use kafka-streams, the schemas module and Micrometer; the subpackages hold each stage.
 */
package io.tributary.processor;
