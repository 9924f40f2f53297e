package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PatternMaskUpdater;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** N:M groups ({@link PatternMaskUpdater#nm}): the density is {@code n/m} whatever the target. */
final class NmStrategy implements MaskStrategy {

    private final int n;
    private final int m;

    /**
     * Creates the strategy.
     *
     * @param n weights kept per group
     * @param m group size
     */
    NmStrategy(int n, int m) {
        this.n = n;
        this.m = m;
    }

    @Override
    public List<String> update(INDArray params, MaskState state, GradientAccumulator gradients, double targetDensity) {
        PatternMaskUpdater.nm(params, state, n, m);
        return List.of();
    }
}
