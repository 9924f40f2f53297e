package io.github.dl4jpruning.criterion;

import io.github.dl4jpruning.internal.Checks;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a criterion scores: the weights, and whatever the engine collected because the criterion asked
 * for it (see {@link Criterion#needsGradients()}). All arrays are device arrays of the same shape.
 */
public final class ScoringInput {

    private final INDArray weights;
    private final INDArray accumulatedGradients;
    private final long gradientBatches;
    private final long seed;

    /**
     * Creates an input.
     *
     * @param weights the weights to score
     * @param accumulatedGradients sum of the gradients of the loss over {@code gradientBatches}
     *        minibatches, same shape as {@code weights}, or null when not collected
     * @param gradientBatches number of minibatches summed into {@code accumulatedGradients}
     * @throws IllegalArgumentException if {@code weights} is null, shapes differ or the count is negative
     */
    public ScoringInput(INDArray weights, INDArray accumulatedGradients, long gradientBatches) {
        this(weights, accumulatedGradients, gradientBatches, 0L);
    }

    /**
     * Creates an input with the seed of random choices.
     *
     * @param weights the weights to score
     * @param accumulatedGradients sum of the gradients of the loss over {@code gradientBatches}
     *        minibatches, same shape as {@code weights}, or null when not collected
     * @param gradientBatches number of minibatches summed into {@code accumulatedGradients}
     * @param seed the seed of random choices (the engine passes {@code PruningConfig.seed()})
     * @throws IllegalArgumentException if {@code weights} is null, shapes differ or the count is negative
     */
    public ScoringInput(INDArray weights, INDArray accumulatedGradients, long gradientBatches, long seed) {
        this.seed = seed;
        this.weights = Checks.notNull("weights", weights);
        if (accumulatedGradients != null && accumulatedGradients.length() != weights.length()) {
            throw new IllegalArgumentException("accumulatedGradients length (" + accumulatedGradients.length()
                    + ") must equal weights length (" + weights.length() + ")");
        }
        if (gradientBatches < 0) {
            throw new IllegalArgumentException("gradientBatches (" + gradientBatches + ") must be >= 0");
        }
        this.accumulatedGradients = accumulatedGradients;
        this.gradientBatches = gradientBatches;
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

    /**
     * Returns the weights.
     *
     * @return the weights (a view: do not modify)
     */
    public INDArray weights() {
        return weights;
    }

    /**
     * Returns the accumulated gradients, when collected.
     *
     * @return the gradient sum, or empty
     */
    public Optional<INDArray> accumulatedGradients() {
        return Optional.ofNullable(accumulatedGradients);
    }

    /**
     * Returns the number of minibatches in the gradient sum.
     *
     * @return the count (0 when none were collected)
     */
    public long gradientBatches() {
        return gradientBatches;
    }

    /**
     * Returns the seed of random choices: the configuration's seed when the engine scores (0 for inputs built
     * without one).
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }
}
