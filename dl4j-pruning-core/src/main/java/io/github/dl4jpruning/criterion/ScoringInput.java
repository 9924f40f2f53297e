package io.github.dl4jpruning.criterion;

import io.github.dl4jpruning.internal.Checks;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a criterion scores: the weights, and whatever the engine collected because the criterion asked
 * for it (see {@link Criterion#needsGradients()}). All arrays are device arrays of the same shape.
 *
 * @param weights the weights to score (a view: do not modify)
 * @param accumulatedGradients sum of the gradients of the loss over {@code gradientBatches} minibatches, same length
 *        as {@code weights}, or empty when not collected
 * @param gradientBatches number of minibatches summed into {@code accumulatedGradients} (0 when none were)
 * @param seed the seed of random choices: the configuration's seed when the engine scores (0 for inputs built
 *        without one)
 */
public record ScoringInput(INDArray weights, Optional<INDArray> accumulatedGradients, long gradientBatches,
        long seed) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code weights} is null, lengths differ or the count is negative
     */
    public ScoringInput {
        Checks.notNull("weights", weights);
        Checks.notNull("accumulatedGradients", accumulatedGradients);
        if (accumulatedGradients.isPresent() && accumulatedGradients.get().length() != weights.length()) {
            throw new IllegalArgumentException("accumulatedGradients length (" + accumulatedGradients.get().length()
                    + ") must equal weights length (" + weights.length() + ")");
        }
        if (gradientBatches < 0) {
            throw new IllegalArgumentException("gradientBatches (" + gradientBatches + ") must be >= 0");
        }
    }

    /**
     * Creates an input without a seed (0).
     *
     * @param weights the weights to score
     * @param accumulatedGradients the gradient sum, or null when not collected
     * @param gradientBatches number of minibatches summed into {@code accumulatedGradients}
     * @throws IllegalArgumentException if {@code weights} is null, lengths differ or the count is negative
     */
    public ScoringInput(INDArray weights, INDArray accumulatedGradients, long gradientBatches) {
        this(weights, Optional.ofNullable(accumulatedGradients), gradientBatches, 0L);
    }

    /**
     * Creates an input holding weights only.
     *
     * @param weights the weights to score
     * @return the input
     */
    public static ScoringInput ofWeights(INDArray weights) {
        return new ScoringInput(weights, null, 0);
    }
}
