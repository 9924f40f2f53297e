/**
 * Pruning masks and the algorithm that recomputes them. {@link io.github.dl4jpruning.mask.MaskState}
 * holds all mutable pruning state of one network (one flat mask over the network's flat parameter
 * vector, round counter, current density, report history); {@link io.github.dl4jpruning.mask.MaskUpdater}
 * turns scores from a {@code criterion} into new masks for a target density from a {@code schedule},
 * with {@link io.github.dl4jpruning.mask.Scope global or local} ranking, a per-layer floor and exact
 * k-th smallest selection ({@link io.github.dl4jpruning.mask.ThresholdSelector}). Everything runs as
 * ND4J ops on the parameters' device.
 */
package io.github.dl4jpruning.mask;
