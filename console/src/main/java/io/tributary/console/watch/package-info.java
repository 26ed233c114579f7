/**
 * What the console knows about the pipeline, read from Kafka (topics, consumer groups), the export manifests and
 * the components' own metrics. {@link io.tributary.console.watch.TopicWatcher} feeds the per-topic models;
 * {@link io.tributary.console.watch.LagMonitor}, {@link io.tributary.console.watch.ExportLedger} and
 * {@link io.tributary.console.watch.ComponentMetrics} poll the rest.
 */
package io.tributary.console.watch;
