/**
 * The end-to-end stream processor benchmark against a pass-through topology. May use every module.
 */
package io.tributary.bench.processor;
