package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.config.GranularitySpec;
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

    /**
     * The density an N:M pattern keeps.
     *
     * @param nm the pattern
     * @return {@code n / m}
     */
    static double density(GranularitySpec.NM nm) {
        return (double) nm.n() / nm.m();
    }

    /**
     * Writes the pattern; the target must be the pattern's density (a target above it, once the pattern is in place,
     * leaves the masks as they are).
     *
     * @throws IllegalArgumentException if the target is below {@code n/m}, or {@code m} does not divide an input
     *         dimension
     */
    @Override
    public List<String> update(INDArray params, MaskState state, GradientAccumulator gradients, double targetDensity) {
        double d = (double) n / m;
        if (targetDensity < d - 1e-9) {
            throw new IllegalArgumentException("targetDensity (" + targetDensity + ") must be n/m (" + d + ") with "
                    + "granularity N_M " + n + ":" + m + ": the pattern fixes the density");
        }
        PatternMaskUpdater.nm(params, state, n, m);
        return List.of();
    }
}
