/**
 * JMH benchmarks of the event codecs and a report of bytes per event. May use every module and JMH.
 */
package io.tributary.bench.codec;
