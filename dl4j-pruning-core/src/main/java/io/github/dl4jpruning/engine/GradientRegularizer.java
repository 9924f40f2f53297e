package io.github.dl4jpruning.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A term added to the masked gradient of every iteration, before the updater (L1 of the prunable weights, group
 * lasso of the unit layers).
 *
 * <p>Call order: {@link #addGradient} once per iteration per network copy (the main network and every
 * ParallelWrapper replica, possibly from several threads at once: implementations keep per-copy scratch space in
 * {@code scratch}); {@link #maskChanged} after every mask update, from the thread that updated the mask.
 */
interface GradientRegularizer {

    /**
     * Adds the term's gradient to {@code gradient}.
     *
     * @param params the network copy's flat parameters
     * @param gradient the same copy's flat gradient ({@code [n]} or {@code [1, n]}), modified in place
     * @param scratch the copy's own scratch buffers
     */
    void addGradient(INDArray params, INDArray gradient, Scratch scratch);

    /**
     * Tells the term that the mask changed.
     *
     * @param mask the new flat mask
     */
    default void maskChanged(INDArray mask) {
    }
}
