/**
 * Runtime layers instantiated from {@code nn.conf}: {@link io.github.dl4jpruning.nn.layers.PrunedLayerImpl}
 * keeps its layer's masks on the parameters' device and applies them until a listener takes the masking
 * over through {@link io.github.dl4jpruning.nn.layers.MaskOwnership};
 * {@link io.github.dl4jpruning.nn.layers.PrunedOutputLayerImpl} is the same for an output layer, and also an
 * {@code IOutputLayer}, as DL4J requires of a network's output layers.
 */
package io.github.dl4jpruning.nn.layers;
