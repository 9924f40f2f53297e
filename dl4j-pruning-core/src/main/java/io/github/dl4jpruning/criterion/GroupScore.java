package io.github.dl4jpruning.criterion;

/**
 * How a unit (neuron, filter or channel) is scored under a structured granularity: a {@link Criterion} applied to
 * the unit's group of weights ({@link Criterion#scoreGroups}) with a {@link GroupScoringInput.Reduction}. The lower,
 * the earlier the unit is pruned. L1, L2 and Taylor scores grow with a layer's fan-in, so under
 * {@code Scope.GLOBAL} each layer's scores are divided by their mean over the layer's units still alive before the
 * joint ranking (a unit competes as "this much above or below its layer's typical unit"); ABLATION scores are loss
 * deltas, comparable across layers as they are.
 */
public enum GroupScore {
    /** Sum of {@code |w|} over the unit's weights: {@link MagnitudeCriterion}, L1 reduction. */
    L1(new MagnitudeCriterion(), GroupScoringInput.Reduction.L1),
    /** Euclidean norm of the unit's weights (the group-lasso norm): {@link MagnitudeCriterion}, L2 reduction. */
    L2(new MagnitudeCriterion(), GroupScoringInput.Reduction.L2),
    /**
     * First-order Taylor importance summed over the unit's weights, {@code Σ|w * ḡ|} (Molchanov et al. 2019):
     * {@link TaylorCriterion}, L1 reduction; needs the gradients the listener accumulates.
     */
    TAYLOR(new TaylorCriterion(), GroupScoringInput.Reduction.L1),
    /**
     * Information-based: the loss on held-out data with the unit pruned minus the loss with it
     * ({@link AblationCriterion}): the unit is zeroed in every layer of its group at once (every producer tied by a
     * residual add or a concatenation, its BatchNormalization gamma and beta, every consumer's input slice), so
     * the delta is the loss change that removing it makes. One forward pass per unit at every mask update. Needs
     * the held-out data: {@code PruningListener.ablationData(dataSet)}.
     */
    ABLATION(new AblationCriterion(), GroupScoringInput.Reduction.L1),
    /**
     * Network slimming (Liu et al. 2017): the sum of {@code |gamma|} of the BatchNormalization layers in the unit's
     * group. A BatchNormalization right after a convolution cancels the scale of its filters, so their norms say little
     * about a channel; gamma is the scale the channel leaves with. Groups without a BatchNormalization gamma (or with
     * {@code lockGammaBeta}) fall back to the L1 norm of their producers' weights; under {@code Scope.GLOBAL} every
     * group's scores are divided by their mean, as for L1.
     */
    BN_GAMMA(new MagnitudeCriterion(), GroupScoringInput.Reduction.L1);

    private final Criterion criterion;
    private final GroupScoringInput.Reduction reduction;

    GroupScore(Criterion criterion, GroupScoringInput.Reduction reduction) {
        this.criterion = criterion;
        this.reduction = reduction;
    }

    /**
     * The criterion that scores the unit's weights.
     *
     * @return the criterion (immutable, shared)
     */
    public Criterion criterion() {
        return criterion;
    }

    /**
     * How the unit's per-weight scores reduce to one score.
     *
     * @return the reduction
     */
    public GroupScoringInput.Reduction reduction() {
        return reduction;
    }
}
