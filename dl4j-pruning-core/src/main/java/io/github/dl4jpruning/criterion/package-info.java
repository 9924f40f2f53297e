/**
 * How important weights are: immutable, shareable {@link io.github.dl4jpruning.criterion.Criterion} implementations
 * that score single weights ({@link io.github.dl4jpruning.criterion.ScoringInput}) and groups of coupled weights
 * ({@link io.github.dl4jpruning.criterion.GroupScoringInput}: a neuron, filter or channel with every slice removed
 * with it), computed with ND4J ops on the weights' device; {@link io.github.dl4jpruning.criterion.GroupScore} names
 * the usual unit scores. Lower scores are pruned first.
 *
 * <p>Imports nothing from the {@code nn}, {@code mask}, {@code engine} or {@code listener} packages: the engine
 * supplies what a criterion reads (weights, accumulated gradients, the seed, measured loss deltas) and ranks the
 * scores.
 */
package io.github.dl4jpruning.criterion;
