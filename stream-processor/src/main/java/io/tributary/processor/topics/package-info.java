/**
 * Topic provisioning: creates the topics a component needs and refuses to start on a conflicting one.
 * May use the Kafka admin client.
 */
package io.tributary.processor.topics;
