/**
 * Validation of raw events: decoding either wire format, checks, and routing of bad input to the DLQ with
 * a reason. May use kafka-streams and the schemas module.
 */
package io.tributary.processor.validate;
