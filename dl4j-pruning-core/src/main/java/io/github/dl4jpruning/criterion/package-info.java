/**
 * How important each weight is: immutable, shareable {@link io.github.dl4jpruning.criterion.Criterion}
 * implementations that turn a {@link io.github.dl4jpruning.criterion.ScoringInput} into one score per
 * weight, computed with ND4J ops on the weights' device. Lower scores are pruned first.
 *
 * <p>Imports nothing from the {@code nn}, {@code mask} or {@code listener} packages; the mask package
 * ranks the scores.
 */
package io.github.dl4jpruning.criterion;
