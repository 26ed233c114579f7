/**
 * Exact windowed metrics on 100% of valid events: per-partition partial sums, the window merge, DDSketch
 * latency and route normalisation. May use kafka-streams, the schemas module and DDSketch.
 */
package io.tributary.processor.metrics;
