/**
 * Sampling of the raw stream: rules from the compacted rules topic, consistent per session, minimum per
 * window and priority overrides. May use kafka-streams and the schemas module.
 */
package io.tributary.processor.sampling;
