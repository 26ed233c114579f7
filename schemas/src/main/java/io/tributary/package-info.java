/**
 * The root of Tributary's exceptions: {@link io.tributary.TributaryException} and its retriable branch,
 * which every module translates vendor errors into. Uses nothing but the JDK.
 */
package io.tributary;
