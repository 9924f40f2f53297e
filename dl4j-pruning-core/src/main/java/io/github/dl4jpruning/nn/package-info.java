/**
 * DL4J layer integration, split as DL4J splits configuration and runtime: {@code nn.conf} holds the
 * {@link io.github.dl4jpruning.nn.conf.PrunedLayer} wrapper configuration and the per-layer settings it
 * carries; {@code nn.layers} holds the runtime layer it instantiates. Uses {@code mask}, {@code criterion}
 * and {@code registry}; the {@code listener} discovers wrapped layers and takes their masking over.
 */
package io.github.dl4jpruning.nn;
