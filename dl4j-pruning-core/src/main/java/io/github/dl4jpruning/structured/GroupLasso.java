package io.github.dl4jpruning.structured;

import io.github.dl4jpruning.graph.ChannelEntry;
import io.github.dl4jpruning.graph.DependencyGroup;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The gradient of the group-lasso penalty {@code λ Σ_u ||w_u||_2} over the units of the groups' producers (Yuan and
 * Lin 2006; Wen et al. 2016): {@code λ w_u / max(||w_u||, ε)} is added to each unit's weight gradient, per producer
 * weight (a Dense column, a filter). Units that are already zero get no push (the gradient of the norm at zero is
 * taken as zero).
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
     * @param groups the groups whose producer weights are penalized
     * @param strength λ, {@code > 0}
     */
    public static void addGradient(INDArray params, INDArray gradients, List<DependencyGroup> groups,
            double strength) {
        for (DependencyGroup group : groups) {
            for (DependencyGroup.Member m : group.members(ChannelEntry.Role.PRODUCER_WEIGHT)) {
                ChannelEntry e = m.entry();
                INDArray w = e.slice().view(params);
                INDArray g = e.slice().view(gradients);
                int[] others = new int[w.rank() - 1];
                for (int d = 0, j = 0; d < w.rank(); d++) {
                    if (d != e.axis()) {
                        others[j++] = d;
                    }
                }
                INDArray norms = w.norm2(others);
                INDArray inv = Transforms.max(norms, EPSILON, false).rdivi(strength);
                inv.muli(norms.gt(EPSILON).castTo(inv.dataType()));
                INDArray push = w.ulike();
                Nd4j.getExecutioner().exec(new BroadcastMulOp(w, inv, push, e.axis()));
                g.addi(push);
            }
        }
    }
}
