/**
 * SDK benchmarks: track() latency (JMH) and end-to-end throughput against ProducerPerformance. May use
 * every module.
 */
package io.tributary.bench.sdk;
