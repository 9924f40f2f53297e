package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.structured.GroupLasso;
import io.github.dl4jpruning.graph.DependencyGroup;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Group lasso of the prunable groups' producers ({@link GroupLasso}: {@code λ w_u / ||w_u||} added to every unit's
 * weight gradient, one norm per unit over all the producers of its group), the per-iteration term of a unit
 * granularity with {@code groupLasso > 0}. About eight ND4J ops per producer layer per iteration.
 */
final class GroupLassoRegularizer implements GradientRegularizer {

    private final List<DependencyGroup> layers;
    private final double strength;

    /**
     * Creates the term.
     *
     * @param layers the prunable groups
     * @param strength {@code λ > 0}
     */
    GroupLassoRegularizer(List<DependencyGroup> layers, double strength) {
        this.layers = List.copyOf(layers);
        this.strength = strength;
    }

    @Override
    public void addGradient(INDArray params, INDArray gradient, Scratch scratch) {
        GroupLasso.addGradient(params, gradient, layers, strength);
    }
}
