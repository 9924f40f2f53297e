/**
 * The network as pruning sees it: {@link io.github.dl4jpruning.network.NetworkAdapter} gives
 * {@code MultiLayerNetwork} and {@code ComputationGraph} one shape (layers, flat parameter and gradient views,
 * updater state, counters), and {@link io.github.dl4jpruning.network.ParamDiscovery} finds the prunable parameters
 * (registry, include/exclude lists, {@code PrunedLayer} wrappers, per-layer settings) with their offsets in the
 * flat parameter vector and, for each, where its output units' input weights lie as the layer reads them
 * (package-private {@code InputRunLayouts}, what N:M groups). Uses {@code mask} (parameter records),
 * {@code registry}, {@code nn} and {@code kernels}; used by the engine, the analyses, structured pruning and persistence.
 */
package io.github.dl4jpruning.network;
