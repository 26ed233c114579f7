/**
 * A real KRaft Kafka cluster (one or several nodes) inside the JVM, for the dev mode and for tests. May use
 * the Kafka broker jars; nothing else of Tributary.
 */
package io.tributary.embedded;
