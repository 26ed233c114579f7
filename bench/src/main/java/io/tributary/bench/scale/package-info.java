/**
 * The scale-out proof: an embedded 3-broker KRaft cluster, the CLI jar's processors and exporters in separate
 * JVMs with the Kubernetes manifests' settings, SDK load with invalid events mixed in, brokers stopped and JVMs
 * killed mid-run, and checks computed only from what was sent and what the topics, files and an HTTP receiver
 * hold. {@link io.tributary.bench.scale.ScaleOutHarness} is the entry point. May use every module.
 */
package io.tributary.bench.scale;
