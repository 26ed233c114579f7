/**
 * The end-to-end file export benchmark against its peers on an embedded broker. May use every module.
 */
package io.tributary.bench.export;
