/**
 * Session summaries per session id (session windows closed after inactivity). May use kafka-streams and
 * the schemas module.
 */
package io.tributary.processor.sessions;
