package io.github.dl4jpruning.criterion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/**
 * SNIP connection sensitivity {@code |g * w| / Σ|g * w|} (Lee, Ajanthan and Torr, "SNIP: Single-shot
 * Network Pruning based on Connection Sensitivity", ICLR 2019), meant for pruning once at initialization from
 * the gradients of a few minibatches ({@code PruningListener.pruneAtInitialization}). The normalization
 * makes scores comparable across networks; it does not change the ranking. The sum runs over the weights
 * scored together (all prunable weights for global ranking).
 */
public final class SnipCriterion implements Criterion {

    /** Creates the criterion. */
    @JsonCreator
    public SnipCriterion() {
    }

    /**
     * Writes {@code |g * w| / Σ|g * w|} into {@code out} (all zeros if every product is zero).
     *
     * @param input the weights and accumulated gradients
     * @param out the scores, overwritten
     * @throws IllegalArgumentException if no gradients were accumulated
     */
    @Override
    public void score(ScoringInput input, INDArray out) {
        INDArray g = input.accumulatedGradients().orElseThrow(() -> new IllegalArgumentException("criterion "
                + this + " needs accumulated gradients: call PruningListener.pruneAtInitialization(model, data, "
                + "batches, density) or collectGradients(...) first"));
        out.assign(input.weights()).muli(g);
        Nd4j.getExecutioner().exec(new Abs(out, out));
        double sum = out.sumNumber().doubleValue();
        if (sum > 0) {
            out.divi(sum);
        }
    }

    @Override
    public boolean needsGradients() {
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnipCriterion;
    }

    @Override
    public int hashCode() {
        return SnipCriterion.class.hashCode();
    }

    @Override
    public String toString() {
        return "SnipCriterion(|g*w|/sum|g*w|)";
    }
}
