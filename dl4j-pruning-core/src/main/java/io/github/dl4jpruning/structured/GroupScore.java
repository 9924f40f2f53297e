package io.github.dl4jpruning.structured;

/**
 * How a unit (neuron or filter) is scored from its own weights ({@code W}'s column or filter): the lower, the
 * earlier it is pruned. L1, L2 and Taylor scores grow with a layer's fan-in, so under {@code Scope.GLOBAL} each
 * layer's scores are divided by their mean over the layer's units still alive before the joint ranking (a unit
 * competes as "this much above or below its layer's typical unit"); ABLATION scores are loss deltas, comparable
 * across layers as they are.
 */
public enum GroupScore {
    /** Sum of {@code |w|} over the unit's weights. */
    L1,
    /** Euclidean norm of the unit's weights (the group-lasso norm). */
    L2,
    /**
     * First-order Taylor importance summed over the unit's weights, {@code Σ|w * ḡ|} (Molchanov et al. 2019);
     * needs the gradients the listener accumulates.
     */
    TAYLOR,
    /**
     * Information-based: the loss on held-out data with the unit zeroed minus the loss with it
     * ({@code analysis.Ablation}); one forward pass per unit at every mask update. Needs the held-out data:
     * {@code PruningListener.ablationData(dataSet)}.
     */
    ABLATION
}
