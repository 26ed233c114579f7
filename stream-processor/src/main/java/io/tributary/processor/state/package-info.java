/**
 * State store plumbing: the write-behind store that keeps per-event state on the heap between commits, and
 * RocksDB memory bounds. May use kafka-streams and RocksDB.
 */
package io.tributary.processor.state;
