package io.github.dl4jpruning.criterion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/**
 * First-order Taylor importance {@code |w * g|} (Molchanov, Mallya, Tyree, Frosio and Kautz, "Importance
 * Estimation for Neural Network Pruning", CVPR 2019): the first-order estimate of how much the loss changes
 * when the weight is set to zero, {@code L(w = 0) - L(w) ≈ -g * w}. {@code g} is the mean raw gradient
 * over the minibatches the listener accumulated since the previous mask update (on the device, in its
 * gradient hook). Two ND4J ops per mask update.
 */
public final class TaylorCriterion implements Criterion {

    /** Creates the criterion. */
    @JsonCreator
    public TaylorCriterion() {
    }

    /**
     * Writes {@code |w * mean(g)|} into {@code out}.
     *
     * @param input the weights and accumulated gradients
     * @param out the scores, overwritten
     * @throws IllegalArgumentException if no gradients were accumulated
     */
    @Override
    public void score(ScoringInput input, INDArray out) {
        INDArray g = input.accumulatedGradients().orElseThrow(() -> new IllegalArgumentException("criterion "
                + this + " needs accumulated gradients: train at least one iteration with the listener attached, "
                + "or call PruningListener.collectGradients(model, data, batches)"));
        if (input.gradientBatches() < 1) {
            throw new IllegalArgumentException("gradientBatches (" + input.gradientBatches() + ") must be >= 1 for "
                    + this);
        }
        out.assign(input.weights()).muli(g).divi(input.gradientBatches());
        Nd4j.getExecutioner().exec(new Abs(out, out));
    }

    @Override
    public boolean needsGradients() {
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaylorCriterion;
    }

    @Override
    public int hashCode() {
        return TaylorCriterion.class.hashCode();
    }

    @Override
    public String toString() {
        return "TaylorCriterion(|w*g|)";
    }
}
