/**
 * Pruning masks and the ranking that recomputes them. {@link io.github.dl4jpruning.mask.MaskState} holds one flat
 * mask over the network's flat parameter vector with the round counter, current density and report history;
 * {@link io.github.dl4jpruning.mask.MaskUpdater} turns scores from a {@code criterion} into new masks for a target
 * density, with {@link io.github.dl4jpruning.mask.Scope global or local} ranking, a per-layer floor and exact
 * k-th smallest selection ({@link io.github.dl4jpruning.mask.ThresholdSelector});
 * {@link io.github.dl4jpruning.mask.PatternMaskUpdater} writes block and N:M patterns, N:M along the input runs
 * of each output unit that {@link io.github.dl4jpruning.mask.InputRuns} locates in a parameter as its layer reads
 * it. Everything runs as ND4J ops on the parameters' device. Stateless algorithms: the engine passes the state in.
 */
package io.github.dl4jpruning.mask;
