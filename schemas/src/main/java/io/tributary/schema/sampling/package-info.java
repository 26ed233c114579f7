/**
 * The consistent per-session sampling function that the SDK and the stream processor share, so that both
 * keep or drop the same sessions. Uses nothing but the JDK.
 */
package io.tributary.schema.sampling;
