/**
 * Configuration every Tributary component shares: the common {@code ConfigDef} keys, the {@code TRIBUTARY_*}
 * environment mapping, the rule of which settings reach the Kafka clients, and the one duration grammar.
 * Uses kafka-clients' {@code ConfigDef} and client config names only.
 */
package io.tributary.runtime.config;
