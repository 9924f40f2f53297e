package io.github.dl4jpruning.criterion;

import io.github.dl4jpruning.internal.Checks;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a criterion scores when it scores groups of coupled weights (units: a neuron, a filter, a channel): every
 * member is a slice of one parameter laid out as a matrix {@code [groups, weightsPerGroup]} whose row {@code j}
 * holds the weights of group {@code j} in that parameter (a filter's kernel, a Dense column, the consumer's input
 * slice of a channel), with the matching accumulated gradients when the criterion asked for them. A group is
 * removed with all its members or not at all (Torch-Pruning's {@code Importance(group)}, Fang et al. 2023).
 *
 * @param groups number of groups ({@code rows} of every member)
 * @param members the member slices, at least one
 * @param gradientBatches minibatches summed into the members' gradients (0 when none were collected)
 * @param reduction how a group's per-weight scores reduce to one score within a member
 * @param seed the seed of random choices ({@code PruningConfig.seed()})
 * @param lossDeltas when the engine has held-out data: measures, for every group, the loss with the group zeroed
 *        minus the loss with it (one forward pass per group), for criteria that score by ablation
 */
public record GroupScoringInput(long groups, List<Member> members, long gradientBatches, Reduction reduction,
        long seed, Optional<Supplier<INDArray>> lossDeltas) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if there is no member, a member has another row count, or a count is negative
     */
    public GroupScoringInput {
        members = List.copyOf(members);
        Checks.notNull("reduction", reduction);
        Checks.notNull("lossDeltas", lossDeltas);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("members ([]) must hold at least one parameter slice");
        }
        for (Member m : members) {
            if (m.weights().rank() != 2 || m.weights().rows() != groups) {
                throw new IllegalArgumentException("member weights shape (" + java.util.Arrays.toString(
                        m.weights().shape()) + ") must be [groups (" + groups + "), weightsPerGroup]");
            }
        }
        if (gradientBatches < 0) {
            throw new IllegalArgumentException("gradientBatches (" + gradientBatches + ") must be >= 0");
        }
    }

    /**
     * One parameter slice of every group.
     *
     * @param weights {@code [groups, weightsPerGroup]}, row {@code j} = group {@code j} (a view or a copy; not
     *        modified by criteria)
     * @param gradients the accumulated gradients laid out like {@code weights}, or null when not collected
     */
    public record Member(INDArray weights, INDArray gradients) {
        /**
         * Validates.
         *
         * @throws IllegalArgumentException if {@code weights} is null or the gradients have another shape
         */
        public Member {
            Checks.notNull("weights", weights);
            if (gradients != null && !java.util.Arrays.equals(gradients.shape(), weights.shape())) {
                throw new IllegalArgumentException("gradients shape (" + java.util.Arrays.toString(gradients.shape())
                        + ") must equal the weights' shape (" + java.util.Arrays.toString(weights.shape()) + ")");
            }
        }
    }

    /** How the per-weight scores of one group in one member reduce to one number. */
    public enum Reduction {
        /** Sum of the absolute scores ({@code Σ|s|}; with magnitude scores the group's L1 norm). */
        L1,
        /** Euclidean norm of the scores ({@code sqrt(Σ s²)}; with magnitude scores the group's L2 norm). */
        L2
    }
}
