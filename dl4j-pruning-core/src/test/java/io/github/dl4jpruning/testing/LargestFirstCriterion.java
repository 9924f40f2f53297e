package io.github.dl4jpruning.testing;

import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.criterion.ScoringInput;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** A test criterion that scores {@code -|w|}: it prunes the largest weights first (the opposite of magnitude). */
public final class LargestFirstCriterion implements Criterion {

    @Override
    public void score(ScoringInput input, INDArray out) {
        out.assign(Transforms.abs(input.weights(), true)).negi();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LargestFirstCriterion;
    }

    @Override
    public int hashCode() {
        return 7;
    }

    @Override
    public String toString() {
        return "LargestFirstCriterion";
    }
}
