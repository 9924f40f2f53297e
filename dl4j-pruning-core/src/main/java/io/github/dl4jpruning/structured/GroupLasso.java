package io.github.dl4jpruning.structured;

import io.github.dl4jpruning.criterion.GroupScore;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The gradient of the group-lasso penalty {@code λ Σ_u ||w_u||_2} over the units of the unit layers (Yuan and Lin
 * 2006; Wen et al. 2016): {@code λ w_u / max(||w_u||, ε)} is added to each unit's weight gradient. Units that are
 * already zero get no push (the gradient of the norm at zero is taken as zero).
 */
public final class GroupLasso {

    /** Norms below this are treated as zero. */
    static final double EPSILON = 1e-12;

    private GroupLasso() {
    }

    /**
     * Adds the group-lasso gradient to {@code gradients}.
     *
     * @param params the flat parameter vector
     * @param gradients the flat gradient vector (same layout), modified in place
     * @param layers the unit layers
     * @param strength λ, {@code > 0}
     */
    public static void addGradient(INDArray params, INDArray gradients, List<UnitLayer> layers, double strength) {
        for (UnitLayer l : layers) {
            INDArray w = StructuredMaskUpdater.view(params, l.weights());
            INDArray g = StructuredMaskUpdater.view(gradients, l.weights());
            INDArray norms = StructuredMaskUpdater.perUnit(w, l, GroupScore.L2);
            INDArray inv = Transforms.max(norms, EPSILON, false).rdivi(strength);
            inv.muli(norms.gt(EPSILON).castTo(inv.dataType()));
            if (l.conv()) {
                INDArray g2 = g.reshape('c', new long[] {l.units(), g.length() / l.units()});
                INDArray w2 = w.reshape('c', new long[] {l.units(), w.length() / l.units()});
                g2.addi(w2.mulColumnVector(inv.reshape(l.units(), 1)));
            } else {
                g.addi(w.mulRowVector(inv.reshape(1, l.units())));
            }
        }
    }
}
