/**
 * dl4j-pruning: pruning for Deeplearning4j networks. The root package holds the facade
 * ({@link io.github.dl4jpruning.Pruning}) and the top-level configuration
 * ({@link io.github.dl4jpruning.config.PruningConfig}); the concepts live in sub-packages:
 * {@code schedule} (when and how far to prune), {@code criterion} (what is important), {@code mask} (masks
 * and the algorithm that recomputes them), {@code registry} (which layers are prunable), {@code report}
 * (counts and JSON), {@code listener} (the DL4J hook), {@code data} (Fashion-MNIST loader) and
 * {@code internal} (no compatibility promise).
 *
 * <p>Terms: <b>density</b> {@code s} is the share of prunable weights kept; <b>pruning rate</b>
 * {@code p = 1 - s} the share removed; <b>compression</b> {@code 1/s}. We avoid the word "sparsity",
 * which some texts use for {@code s} and others for {@code p}.
 */
package io.github.dl4jpruning;
