/**
 * DL4J layer integration, split as DL4J splits configuration and runtime: {@code nn.conf} holds the
 * {@link io.github.dl4jpruning.nn.conf.PrunedLayer} wrapper configuration and the per-layer settings it
 * carries; {@code nn.layers} holds the runtime layer it instantiates, which masks on its own until an engine takes
 * the masking over. Uses {@code mask}, {@code criterion} and {@code registry}; {@code network} discovers wrapped
 * layers and {@code engine} hands them views of its flat mask.
 */
package io.github.dl4jpruning.nn;
