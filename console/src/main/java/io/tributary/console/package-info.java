/**
 * The live web console ({@code tributary console}, and {@code tributary dev} on its metrics port): a
 * {@link io.tributary.console.Console} keeps a model of the pipeline current from Kafka, the export manifests and
 * the components' metrics; {@link io.tributary.console.ConsoleApi} renders each view as JSON;
 * {@link io.tributary.console.ConsoleRoutes} serves the page, the API and a Server-Sent Events stream, behind
 * {@link io.tributary.console.Access}.
 */
package io.tributary.console;
