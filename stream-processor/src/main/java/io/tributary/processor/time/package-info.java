/**
 * Event time: the clamped event-time clock and the lag probe that lets idle partitions advance. May use
 * kafka-streams and kafka-clients.
 */
package io.tributary.processor.time;
