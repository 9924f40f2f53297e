package io.github.dl4jpruning.structured;

import io.github.dl4jpruning.graph.ChannelEntry;
import io.github.dl4jpruning.graph.DependencyGroup;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The gradient of the group-lasso penalty {@code λ Σ_u ||w_u||_2} over the units of the groups (Yuan and Lin 2006;
 * Wen et al. 2016): {@code λ w / max(||w_u||, ε)} is added to the gradient of every producer weight {@code w} of unit
 * {@code u}. A unit's weights are its producers' output slices (a Dense column, a filter) in every producer of its
 * group: the channels of a residual block and of its shortcut, tied by the add, form one norm, so the penalty drives
 * a tied unit to zero in all of them together, as the unit is pruned. Units that are already zero get no push (the
 * gradient of the norm at zero is taken as zero). A group whose producers do not map their channels one to one onto
 * its units (a depthwise channel multiplier) is penalized per producer.
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
            List<DependencyGroup.Member> producers = group.members(ChannelEntry.Role.PRODUCER_WEIGHT);
            if (producers.size() > 1 && producers.stream().allMatch(m -> m.multiplicity() == 1 && m.inAxisOrder())) {
                INDArray squares = null;
                for (DependencyGroup.Member m : producers) {
                    INDArray w = m.entry().slice().view(params);
                    INDArray sq = w.mul(w).sum(others(w.rank(), m.entry().axis()));
                    squares = squares == null ? sq : squares.addi(sq);
                }
                INDArray inv = inverseNorms(Transforms.sqrt(squares, false), strength);
                for (DependencyGroup.Member m : producers) {
                    push(m.entry(), params, gradients, inv);
                }
            } else {
                for (DependencyGroup.Member m : producers) {
                    INDArray w = m.entry().slice().view(params);
                    push(m.entry(), params, gradients,
                            inverseNorms(w.norm2(others(w.rank(), m.entry().axis())), strength));
                }
            }
        }
    }

    /** The axes of a rank-{@code rank} parameter other than {@code axis}. */
    private static int[] others(int rank, int axis) {
        int[] others = new int[rank - 1];
        for (int d = 0, j = 0; d < rank; d++) {
            if (d != axis) {
                others[j++] = d;
            }
        }
        return others;
    }

    /** {@code λ / max(norm, ε)}, 0 where the norm is at most ε. */
    private static INDArray inverseNorms(INDArray norms, double strength) {
        INDArray inv = Transforms.max(norms, EPSILON, true).rdivi(strength);
        return inv.muli(norms.gt(EPSILON).castTo(inv.dataType()));
    }

    /** Adds {@code w * inv} (broadcast along the entry's axis) to the entry's gradient. */
    private static void push(ChannelEntry e, INDArray params, INDArray gradients, INDArray inv) {
        INDArray w = e.slice().view(params);
        INDArray g = e.slice().view(gradients);
        INDArray push = w.ulike();
        Nd4j.getExecutioner().exec(new BroadcastMulOp(w, inv, push, e.axis()));
        g.addi(push);
    }
}
