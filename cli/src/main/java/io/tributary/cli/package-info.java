/**
 * The {@code tributary} command: every part of the platform and the dev mode, with picocli. May use every
 * other module; holds no logic of theirs beyond wiring, flags and output.
 */
package io.tributary.cli;
