package io.github.dl4jpruning.structured;

import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.criterion.GroupScore;
import io.github.dl4jpruning.criterion.GroupScoringInput;
import io.github.dl4jpruning.graph.ChannelEntry;
import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.graph.DependencyGroup;
import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.mask.ThresholdSelector;
import io.github.dl4jpruning.report.UnitStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Recomputes structured masks over the prunable {@link DependencyGroup}s of a {@link DependencyGraph}: scores every
 * unit of every group with the group score's criterion over the group's members ({@link Criterion#scoreGroups}: the
 * producers' output slices, or with {@code byConsumer} the consumers' input slices, every member laid out
 * {@code [units, weightsPerUnit]}), keeps the best {@code round(target * units)} per group ({@link Scope#LOCAL}) or
 * over all groups ({@link Scope#GLOBAL}: scores divided by their group's mean over its live units, a floor of kept
 * units per group, never fewer than one), and writes the unit decisions into every member of the group in the flat
 * mask (producers' weights and biases, BatchNormalization gamma and beta, depthwise kernels, every consumer's input
 * slice), so that the masked network computes what the thinned one will. Units already removed rank first, so rounds
 * only remove. The per-iteration cost does not change (the same flat mask).
 */
public final class GroupMaskUpdater {

    /** The key of BatchNormalization's scale parameter in DL4J ({@code BatchNormalizationParamInitializer.GAMMA}). */
    private static final String BN_GAMMA_KEY = "gamma";

    private GroupMaskUpdater() {
    }

    /**
     * Recomputes the masks of the groups for a unit density.
     *
     * @param params the flat parameter vector
     * @param accumulatedGradients flat accumulated gradients (for {@link GroupScore#TAYLOR}), or null
     * @param gradientBatches minibatches in the accumulator
     * @param state the mask state whose flat mask is rewritten on every member of the groups
     * @param groups the prunable groups
     * @param score how units are scored
     * @param scope per group or over all groups
     * @param minLayerDensity floor on the share of units kept per group (at least one unit is always kept)
     * @param targetDensity share of units to keep, in (0, 1]
     * @param byConsumer score each unit by the weights that read it instead of the weights that produce it
     * @param lossDeltas per group, the measurement of its units' loss deltas (read by {@link GroupScore#ABLATION})
     * @param seed the seed of random choices
     * @return kept and total units per group after the update, in the groups' order
     * @throws IllegalArgumentException if a value is out of range or the criterion lacks its input
     */
    public static List<UnitStats> update(INDArray params, INDArray accumulatedGradients, long gradientBatches,
            MaskState state, List<DependencyGroup> groups, GroupScore score, Scope scope, double minLayerDensity,
            double targetDensity, boolean byConsumer,
            Function<DependencyGroup, Optional<Supplier<INDArray>>> lossDeltas, long seed) {
        Checks.density("targetDensity", targetDensity);
        Checks.unitInterval("minLayerDensity", minLayerDensity);
        if (score == GroupScore.TAYLOR && (accumulatedGradients == null || gradientBatches < 1)) {
            throw new IllegalArgumentException("group score TAYLOR needs accumulated gradients: use "
                    + "TaylorCriterion as the criterion (the listener then accumulates them) and train first");
        }
        Criterion criterion = score.criterion();
        ChannelEntry.Role role = byConsumer ? ChannelEntry.Role.CONSUMER_WEIGHT : ChannelEntry.Role.PRODUCER_WEIGHT;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray mask = state.mask();
            List<INDArray> scores = new ArrayList<>();
            for (DependencyGroup g : groups) {
                List<GroupScoringInput.Member> members = new ArrayList<>();
                for (DependencyGroup.Member m : scored(g, score, role)) {
                    INDArray w = rows(params, m, g.units());
                    INDArray gr = criterion.needsGradients() ? rows(accumulatedGradients, m, g.units()) : null;
                    members.add(new GroupScoringInput.Member(w, gr));
                }
                INDArray s = criterion.scoreGroups(new GroupScoringInput(g.units(), members, gradientBatches,
                        score.reduction(), seed, lossDeltas.apply(g))).castTo(params.dataType()).reshape(g.units())
                        .dup();
                INDArray alive = alive(mask, g).castTo(s.dataType());
                if (scope == Scope.GLOBAL && !criterion.comparableAcrossLayers()) {
                    normalizeToGroupMean(s, alive);
                }
                s.addi(alive.rsub(1.0).muli(-Float.MAX_VALUE));
                scores.add(s);
            }
            long[] floor = new long[groups.size()];
            long[] lengths = new long[groups.size()];
            INDArray[] keep = new INDArray[groups.size()];
            for (int i = 0; i < groups.size(); i++) {
                lengths[i] = groups.get(i).units();
                floor[i] = Math.max(1, (long) Math.ceil(minLayerDensity * lengths[i] - 1e-9));
                if (scope == Scope.LOCAL) {
                    long k = Math.min(lengths[i], Math.max(floor[i], Math.round(targetDensity * lengths[i])));
                    keep[i] = ThresholdSelector.keepMask(scores.get(i), k);
                }
            }
            if (scope == Scope.GLOBAL) {
                long budget = Math.round(targetDensity * Arrays.stream(lengths).sum());
                INDArray all = Nd4j.concat(0, scores.toArray(INDArray[]::new));
                INDArray[] k = ThresholdSelector.keepWithFloors(all, lengths, floor, budget).keep();
                System.arraycopy(k, 0, keep, 0, k.length);
            }
            write(mask, groups, keep);
            return keptUnits(mask, groups);
        }
    }

    /**
     * Kept and total units per group: a unit is kept while any of its producers' weights is unmasked.
     *
     * @param mask the flat mask
     * @param groups the groups
     * @return the counts, in the groups' order, named after the groups
     */
    public static List<UnitStats> keptUnits(INDArray mask, List<DependencyGroup> groups) {
        List<UnitStats> out = new ArrayList<>();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (DependencyGroup g : groups) {
                out.add(new UnitStats(g.name(), alive(mask, g).castTo(DataType.INT64).sumNumber().longValue(),
                        g.units()));
            }
        }
        return out;
    }

    /**
     * The positions of a flat mask that belong to removed units: 1 at every masked member position (weights, biases,
     * BatchNormalization gamma and beta...) of a unit whose producer weights are all masked, 0 elsewhere.
     *
     * @param mask the flat mask
     * @param groups the groups
     * @return a new flat array of the mask's length and type
     */
    public static INDArray removedPositions(INDArray mask, List<DependencyGroup> groups) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray flat = mask.reshape(mask.length());
            INDArray structural = Nd4j.ones(flat.dataType(), flat.length());
            INDArray[] keep = new INDArray[groups.size()];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = alive(flat, groups.get(i));
            }
            write(structural, groups, keep);
            return structural.rsubi(1.0);
        }
    }

    /** Per unit of the group, whether any of its producers' weights is unmasked (BOOL, length {@code units}). */
    static INDArray alive(INDArray mask, DependencyGroup g) {
        INDArray sum = null;
        for (DependencyGroup.Member m : g.members(ChannelEntry.Role.PRODUCER_WEIGHT)) {
            INDArray s = Nd4j.math().abs(rows(mask, m, g.units())).sum(1);
            sum = sum == null ? s : sum.addi(s);
        }
        return sum.gt(0.0);
    }

    /** The members whose weights score a group: its BatchNormalization gammas for BN_GAMMA (if any), else {@code role}. */
    private static List<DependencyGroup.Member> scored(DependencyGroup g, GroupScore score, ChannelEntry.Role role) {
        if (score == GroupScore.BN_GAMMA) {
            List<DependencyGroup.Member> gammas = g.members(ChannelEntry.Role.MASKED).stream()
                    .filter(m -> m.entry().slice().key().equals(BN_GAMMA_KEY)).toList();
            if (!gammas.isEmpty()) {
                return gammas;
            }
        }
        return g.members(role);
    }

    private static void normalizeToGroupMean(INDArray s, INDArray alive) {
        double n = alive.sumNumber().doubleValue();
        double mean = n > 0 ? s.mul(alive).sumNumber().doubleValue() / n : 0.0;
        if (mean > 0 && Double.isFinite(mean)) {
            s.divi(mean);
        }
    }

    /**
     * One member of a group as {@code [units, multiplicity * weightsPerIndex]}: row {@code u} holds the member's
     * slices of unit {@code u} (zeros where the unit has fewer indices than the multiplicity). A copy.
     *
     * @param flat a flat vector laid out like the parameters (parameters, mask, gradients)
     * @param m the member
     * @param units the group's units
     * @return the rows
     */
    static INDArray rows(INDArray flat, DependencyGroup.Member m, int units) {
        INDArray matrix = byIndex(m.entry().slice().view(flat), m.entry().axis());
        if (m.inAxisOrder()) {
            return matrix.reshape('c', new long[] {units, matrix.length() / units});
        }
        long n = matrix.rows();
        int[] rows = m.rows();
        INDArray padded = Nd4j.vstack(matrix, Nd4j.zeros(matrix.dataType(), 1, matrix.columns()));
        for (int i = 0; i < rows.length; i++) {
            rows[i] = rows[i] < 0 ? (int) n : rows[i];
        }
        INDArray picked = Nd4j.pullRows(padded, 1, rows);
        return picked.reshape('c', new long[] {units, picked.length() / units});
    }

    /** A parameter as {@code [size along axis, rest]} ('c' order copy), row {@code i} = index {@code i} of the axis. */
    static INDArray byIndex(INDArray p, int axis) {
        int rank = p.rank();
        int[] perm = new int[rank];
        perm[0] = axis;
        for (int i = 0, j = 1; i < rank; i++) {
            if (i != axis) {
                perm[j++] = i;
            }
        }
        INDArray t = p.permute(perm).dup('c');
        return t.reshape('c', new long[] {t.size(0), t.length() / t.size(0)});
    }

    /**
     * Writes unit decisions into a flat mask: every masked member slice of the groups is reset to 1, then multiplied
     * along its channel axis by the decision of each index's unit (1 for indices of other groups).
     */
    static void write(INDArray mask, List<DependencyGroup> groups, INDArray[] keep) {
        Map<ChannelEntry, float[]> per = new IdentityHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            float[] d = keep[i].castTo(DataType.FLOAT).toFloatVector();
            for (DependencyGroup.Member m : groups.get(i).members()) {
                if (m.entry().role() == ChannelEntry.Role.SLICED) {
                    continue;
                }
                float[] v = per.computeIfAbsent(m.entry(), e -> {
                    float[] ones = new float[e.size()];
                    Arrays.fill(ones, 1f);
                    return ones;
                });
                int[] rows = m.rows();
                for (int r = 0; r < rows.length; r++) {
                    if (rows[r] >= 0) {
                        v[rows[r]] = d[r / m.multiplicity()];
                    }
                }
            }
        }
        for (ChannelEntry e : per.keySet()) {
            e.slice().view(mask).assign(1.0);
        }
        for (Map.Entry<ChannelEntry, float[]> e : per.entrySet()) {
            INDArray view = e.getKey().slice().view(mask);
            INDArray vec = Nd4j.createFromArray(e.getValue()).castTo(view.dataType());
            if (view.rank() == 1) {
                view.muli(vec);
            } else {
                Nd4j.getExecutioner().exec(new BroadcastMulOp(view, vec, view, e.getKey().axis()));
            }
        }
    }
}
