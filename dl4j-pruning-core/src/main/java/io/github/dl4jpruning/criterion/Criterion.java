package io.github.dl4jpruning.criterion;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * Importance of weights and of groups of coupled weights: the higher the score, the later the weight (or the group)
 * is pruned. One abstraction for both (Torch-Pruning's {@code Importance(group)}, Fang et al. 2023): a single weight
 * is scored by {@link #score}; a group (a neuron, filter or channel with every slice that is removed with it) by
 * {@link #scoreGroups}, which by default reduces the members' per-weight scores.
 *
 * <p>Call order: before the first training iteration the engine asks {@link #needsGradients()}; if
 * true it sums the raw minibatch gradients on the device between mask updates. At each mask update of unstructured
 * pruning it calls {@link #score} once with every prunable weight of the network in one flat array, then ranks the
 * scores (globally or per layer); under a structured granularity it calls {@link #scoreGroups} once per unit layer.
 * Scores must be finite and must not be NaN; weights (groups) that are already pruned are ranked first whatever
 * their score.
 *
 * <p>Implementations are immutable and shareable, compute on the device with ND4J ops (no copy to the
 * Java heap) and serialize to JSON with their class name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public interface Criterion {

    /**
     * Writes one importance score per weight into {@code out}.
     *
     * @param input the weights and what was collected for this criterion
     * @param out a device array of the weights' shape and data type, overwritten
     * @throws IllegalArgumentException if the input lacks something the criterion needs
     */
    void score(ScoringInput input, INDArray out);

    /**
     * Whether the engine must accumulate gradients for this criterion (gradient-based criteria such as
     * first-order Taylor {@code |w * g|}).
     *
     * @return true if {@link ScoringInput#accumulatedGradients()} must be present
     */
    default boolean needsGradients() {
        return false;
    }

    /**
     * One score per group: every member's weights are scored with {@link #score}, each group's scores reduce to one
     * number per member ({@link GroupScoringInput#reduction()}), and the members' numbers are summed.
     *
     * @param input the groups, as {@code [groups, weightsPerGroup]} slices of their parameters
     * @return a new rank-1 array of {@code groups} scores, in the weights' data type, on their device
     * @throws IllegalArgumentException if the input lacks something the criterion needs
     */
    default INDArray scoreGroups(GroupScoringInput input) {
        INDArray total = null;
        for (GroupScoringInput.Member m : input.members()) {
            INDArray s = m.weights().ulike();
            score(new ScoringInput(m.weights(), Optional.ofNullable(m.gradients()), input.gradientBatches(), input.seed()), s);
            INDArray r = (input.reduction() == GroupScoringInput.Reduction.L2 ? s.norm2(1) : s.norm1(1))
                    .reshape(input.groups());
            total = total == null ? r : total.addi(r);
        }
        return total;
    }

    /**
     * Whether group scores of different layers can be ranked together as they are (loss deltas). When false, global
     * ranking of groups divides each layer's scores by their mean over the layer's live groups first, since norms
     * and Taylor sums grow with a layer's fan-in.
     *
     * @return false by default
     */
    default boolean comparableAcrossLayers() {
        return false;
    }
}
