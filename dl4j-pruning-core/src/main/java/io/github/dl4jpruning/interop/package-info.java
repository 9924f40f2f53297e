/**
 * Pruning state through DL4J's own training utilities. DL4J's {@code CheckpointListener} and early-stopping savers
 * write plain {@code ModelSerializer} zips: the pruned weights stay exactly zero in them, but the masks, rounds,
 * schedule position, report history, gradient accumulator and rewind weights are lost.
 * {@link io.github.dl4jpruning.interop.PrunedCheckpointListener} wraps DL4J's {@code CheckpointListener} and adds the
 * pruning entries of {@code persist.PrunedModels} to every checkpoint it has just written (atomically);
 * {@link io.github.dl4jpruning.interop.PrunedModelSaver} is an {@code EarlyStoppingModelSaver} that saves and loads
 * through {@code PrunedModels}. Both find the network's {@code PruningListener} among its listeners, so switching to
 * them is a one-line change, and {@code PrunedModels.load} restores any of their files exactly.
 *
 * <p>This package sits above {@code persist} and {@code listener} and is imported by nothing in the library.
 */
package io.github.dl4jpruning.interop;
