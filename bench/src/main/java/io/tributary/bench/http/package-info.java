/**
 * The end-to-end HTTP export benchmark against a loopback receiver. May use every module.
 */
package io.tributary.bench.http;
