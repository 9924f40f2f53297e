/**
 * Which DL4J layer types can be pruned, and which of their parameters: an explicit map from layer
 * configuration classes to prunable parameter keys ({@link
 * io.github.dl4jpruning.registry.PrunableLayerRegistry}). Biases are never listed.
 *
 * <p>"Supported, nothing to prune" (BatchNormalization, pooling, activation...) is distinct from
 * "unsupported"; custom layers opt in by implementing {@link
 * io.github.dl4jpruning.registry.PrunableLayerConfig}. Depends on DL4J layer configuration classes only.
 */
package io.github.dl4jpruning.registry;
