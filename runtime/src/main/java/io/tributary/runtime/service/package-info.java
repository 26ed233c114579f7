/**
 * The lifecycle contract of every long-running Tributary part ({@link io.tributary.runtime.service.Service})
 * and the one {@link io.tributary.runtime.service.Health} it reports. Uses the JDK only.
 */
package io.tributary.runtime.service;
