package io.github.dl4jpruning.criterion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/**
 * Information-based importance of groups: the loss on held-out data with the group zeroed minus the loss with it. A
 * large positive delta means the group carries information the network uses; near zero (or negative) means it can
 * go. The engine measures the deltas ({@code analysis.Ablation}, one forward pass per group, every zeroed weight
 * restored exactly) from the held-out data given to {@code PruningListener.ablationData(dataSet)}.
 *
 * <p>Scores groups only: single weights cannot be ablated one by one at a useful cost, so {@link #score} refuses.
 * Loss deltas of different layers are comparable as they are ({@link #comparableAcrossLayers()}).
 */
public final class AblationCriterion implements Criterion {

    /** Creates the criterion. */
    @JsonCreator
    public AblationCriterion() {
    }

    /**
     * Refuses: ablation scores whole groups.
     *
     * @param input ignored
     * @param out ignored
     * @throws IllegalArgumentException always
     */
    @Override
    public void score(ScoringInput input, INDArray out) {
        throw new IllegalArgumentException("criterion " + this + " scores groups of weights (units), not single "
                + "weights: use it through GroupScore.ABLATION with a structured granularity (NEURON, FILTER, CHANNEL)");
    }

    /**
     * Returns the measured loss deltas.
     *
     * @param input the groups; {@link GroupScoringInput#lossDeltas()} must be present
     * @return one loss delta per group
     * @throws IllegalArgumentException if the engine has no held-out data
     */
    @Override
    public INDArray scoreGroups(GroupScoringInput input) {
        return input.lossDeltas().orElseThrow(() -> new IllegalArgumentException("group score ABLATION needs held-out "
                + "data: call PruningListener.ablationData(dataSet) before pruning")).get();
    }

    @Override
    public boolean comparableAcrossLayers() {
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AblationCriterion;
    }

    @Override
    public int hashCode() {
        return AblationCriterion.class.hashCode();
    }

    @Override
    public String toString() {
        return "AblationCriterion(loss(group zeroed) - loss)";
    }
}
