package io.github.dl4jpruning.criterion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * Importance of single weights: the higher the score, the later the weight is pruned.
 *
 * <p>Call order: before the first training iteration the engine asks {@link #needsGradients()}; if
 * true it sums the raw minibatch gradients on the device between mask updates. At each mask update it
 * calls {@link #score} once with every prunable weight of the network in one flat array, then ranks the
 * scores (globally or per layer). Scores must be finite and must not be NaN; weights that are already
 * pruned are ranked first whatever their score.
 *
 * <p>Implementations are immutable and shareable, compute on the device with ND4J ops (no copy to the
 * Java heap) and serialize to JSON with their class name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public interface Criterion {

    /**
     * Writes one importance score per weight into {@code out}.
     *
     * @param input the weights and what was collected for this criterion
     * @param out a device array of the weights' shape and data type, overwritten
     * @throws IllegalArgumentException if the input lacks something the criterion needs
     */
    void score(ScoringInput input, INDArray out);

    /**
     * Whether the engine must accumulate gradients for this criterion (gradient-based criteria such as
     * first-order Taylor {@code |w * g|}).
     *
     * @return true if {@link ScoringInput#accumulatedGradients()} must be present
     */
    default boolean needsGradients() {
        return false;
    }
}
