/**
 * The exporters' shared core: the consumer loop, the {@link io.tributary.export.core.PartitionSink} contract,
 * record decoding and filtering, the dead-letter publisher, metrics, health and the worker assembly.
 * May use the schemas module, kafka-clients and Micrometer; never a destination package (file, http).
 */
package io.tributary.export.core;
