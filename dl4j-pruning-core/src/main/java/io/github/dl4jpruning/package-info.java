/**
 * dl4j-pruning: pruning for Deeplearning4j networks. The root package holds only the facade
 * ({@link io.github.dl4jpruning.Pruning}); nothing else in the library imports it. The concepts live in
 * sub-packages: {@code config} (the configuration and its builder), {@code listener} (the DL4J hooks), {@code engine}
 * (the pruning engine of one network and its mask strategies), {@code schedule} (when and how far to prune),
 * {@code criterion} (what is important: weights and groups of weights), {@code mask} (masks and the ranking that
 * recomputes them), {@code structured} (units, thinning), {@code network} (the MultiLayerNetwork/ComputationGraph
 * adapter and parameter discovery), {@code registry} (which layers are prunable), {@code nn} (the {@code PrunedLayer}
 * wrapper), {@code report} (counts and JSON), {@code persist} (save, load, strip, sparse export), {@code analysis}
 * (ablation, sensitivity), {@code files} (atomic writes), {@code spi} and {@code kernels} (kernel providers) and
 * {@code internal} (argument checks, JSON; no compatibility promise). {@code docs/ARCHITECTURE.md} draws the
 * dependencies.
 *
 * <p>Terms: <b>density</b> {@code s} is the share of prunable weights kept; <b>pruning rate</b>
 * {@code p = 1 - s} the share removed; <b>compression</b> {@code 1/s}. We avoid the word "sparsity",
 * which some texts use for {@code s} and others for {@code p}.
 */
package io.github.dl4jpruning;
