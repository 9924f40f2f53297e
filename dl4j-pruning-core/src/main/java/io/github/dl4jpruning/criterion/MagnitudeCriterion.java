package io.github.dl4jpruning.criterion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/**
 * Magnitude importance {@code |w|} (Han et al. 2015): small weights are pruned first.
 */
public final class MagnitudeCriterion implements Criterion {

    /** Creates the criterion. */
    @JsonCreator
    public MagnitudeCriterion() {
    }

    /**
     * Writes {@code |w|} into {@code out} (one ND4J op, on the weights' device).
     *
     * @param input the weights
     * @param out the scores, overwritten
     */
    @Override
    public void score(ScoringInput input, INDArray out) {
        Nd4j.getExecutioner().exec(new Abs(input.weights(), out));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MagnitudeCriterion;
    }

    @Override
    public int hashCode() {
        return MagnitudeCriterion.class.hashCode();
    }

    @Override
    public String toString() {
        return "MagnitudeCriterion(|w|)";
    }
}
