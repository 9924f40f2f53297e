package io.github.dl4jpruning.structured;

import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.criterion.GroupScore;
import io.github.dl4jpruning.criterion.GroupScoringInput;
import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.mask.ThresholdSelector;
import io.github.dl4jpruning.report.UnitStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Recomputes structured masks: scores every unit of every {@link UnitLayer} ({@link GroupScore}), keeps the
 * best {@code round(target * units)} per layer ({@link Scope#LOCAL}) or over all unit layers
 * ({@link Scope#GLOBAL}, with a floor of kept units per layer: never fewer than one; weight-norm and Taylor scores
 * are then divided by their layer's mean over the units still alive, so that layers of different fan-in compete
 * fairly), and expands the unit
 * decisions into the flat element mask: the unit's weights, bias, BatchNormalization gamma/beta and the
 * consumer's inputs from it. The per-iteration cost of keeping them does not change (the same flat mask).
 * Units already removed rank first, so rounds only remove. All ND4J ops; only the unit counts are read back.
 */
public final class StructuredMaskUpdater {

    private StructuredMaskUpdater() {
    }

    /**
     * Recomputes the masks of the unit layers for a unit density.
     *
     * @param params the flat parameter vector
     * @param accumulatedGradients flat accumulated gradients (for {@link GroupScore#TAYLOR}), or null
     * @param gradientBatches minibatches in the accumulator
     * @param state the mask state whose flat mask is rewritten on every unit layer's slices
     * @param layers the unit layers
     * @param score how units are scored: its criterion's {@link Criterion#scoreGroups} over each unit's group
     * @param scope per layer or over all unit layers
     * @param minLayerDensity floor on the share of units kept per layer (at least one unit is always kept)
     * @param targetDensity share of units to keep, in (0, 1]
     * @param byConsumer score each unit by the weights that read it (the consumer's input slice:
     *        {@code Granularity.CHANNEL}) instead of its own weights
     * @param lossDeltas per unit layer, the measurement of its units' loss deltas when held-out data is available
     *        (read by {@link GroupScore#ABLATION})
     * @param seed the seed of random choices
     * @return kept and total units per layer after the update, in the layers' order
     * @throws IllegalArgumentException if a value is out of range, Taylor scores lack gradients or ablation lacks
     *         held-out data
     */
    public static List<UnitStats> update(INDArray params, INDArray accumulatedGradients, long gradientBatches,
            MaskState state, List<UnitLayer> layers, GroupScore score, Scope scope, double minLayerDensity,
            double targetDensity, boolean byConsumer, Function<UnitLayer, Optional<Supplier<INDArray>>> lossDeltas,
            long seed) {
        Checks.density("targetDensity", targetDensity);
        Checks.unitInterval("minLayerDensity", minLayerDensity);
        if (score == GroupScore.TAYLOR && (accumulatedGradients == null || gradientBatches < 1)) {
            throw new IllegalArgumentException("group score TAYLOR needs accumulated gradients: use "
                    + "TaylorCriterion as the criterion (the listener then accumulates them) and train first");
        }
        Criterion criterion = score.criterion();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray mask = state.mask();
            List<INDArray> scores = new ArrayList<>();
            for (UnitLayer l : layers) {
                INDArray w = unitRows(params, l, byConsumer);
                INDArray g = criterion.needsGradients() ? unitRows(accumulatedGradients, l, byConsumer) : null;
                INDArray s = criterion.scoreGroups(new GroupScoringInput(l.units(), List.of(
                        new GroupScoringInput.Member(w, g)), gradientBatches, score.reduction(), seed,
                        lossDeltas.apply(l))).castTo(w.dataType()).reshape(l.units()).dup();
                // units already removed (their weights' mask is all zero) rank first
                INDArray alive = alive(mask, l).castTo(s.dataType());
                if (scope == Scope.GLOBAL && !criterion.comparableAcrossLayers()) {
                    normalizeToLayerMean(s, alive);
                }
                s.addi(alive.rsub(1.0).muli(-Float.MAX_VALUE));
                scores.add(s);
            }
            long[] keepCount = new long[layers.size()];
            long[] floor = new long[layers.size()];
            for (int i = 0; i < layers.size(); i++) {
                long n = layers.get(i).units();
                floor[i] = Math.max(1, (long) Math.ceil(minLayerDensity * n - 1e-9));
                keepCount[i] = Math.max(floor[i], Math.round(targetDensity * n));
            }
            INDArray[] keep = new INDArray[layers.size()];
            if (scope == Scope.LOCAL) {
                for (int i = 0; i < layers.size(); i++) {
                    keep[i] = ThresholdSelector.keepMask(scores.get(i), Math.min(keepCount[i], layers.get(i).units()));
                }
            } else {
                global(layers, scores, floor, targetDensity, keep);
            }
            for (int i = 0; i < layers.size(); i++) {
                resetToOnes(mask, layers.get(i));
            }
            for (int i = 0; i < layers.size(); i++) {
                expand(mask, layers.get(i), keep[i]);
            }
            return keptUnits(mask, layers);
        }
    }

    /**
     * Counts the units of every unit layer that the mask still keeps (any of the unit's own weights unmasked).
     *
     * @param mask the flat mask
     * @param layers the unit layers
     * @return kept and total units per layer, in the layers' order
     */
    public static List<UnitStats> keptUnits(INDArray mask, List<UnitLayer> layers) {
        List<UnitStats> out = new ArrayList<>();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (UnitLayer l : layers) {
                long kept = alive(mask, l).castTo(DataType.INT64).sumNumber().longValue();
                out.add(new UnitStats(l.layerName(), kept, l.units()));
            }
        }
        return out;
    }

    /** Per unit of the layer, whether any of its own weights is unmasked (a BOOL vector of length {@code units}). */
    private static INDArray alive(INDArray mask, UnitLayer l) {
        return perUnit(view(mask, l.weights()), l, GroupScore.L1).gt(0.0);
    }

    /**
     * Divides a layer's unit scores by their mean over the units still alive, so that global ranking compares units
     * with their own layer's typical unit: weight-norm and Taylor scores grow with fan-in (a LeNet-5 conv1 filter
     * has 25 weights, a dense neuron 800), and raw scores would empty the narrow layers first (Torch-Pruning's
     * default "mean" normalizer does the same). Loss-delta scores (ABLATION) are comparable as they are.
     */
    private static void normalizeToLayerMean(INDArray s, INDArray alive) {
        double n = alive.sumNumber().doubleValue();
        double mean = n > 0 ? s.mul(alive).sumNumber().doubleValue() / n : 0.0;
        if (mean > 0 && Double.isFinite(mean)) {
            s.divi(mean);
        }
    }

    private static void global(List<UnitLayer> layers, List<INDArray> scores, long[] floor, double target,
            INDArray[] keep) {
        long[] lengths = layers.stream().mapToLong(UnitLayer::units).toArray();
        long budget = Math.round(target * java.util.Arrays.stream(lengths).sum());
        INDArray all = Nd4j.concat(0, scores.toArray(INDArray[]::new));
        INDArray[] k = ThresholdSelector.keepWithFloors(all, lengths, floor, budget).keep();
        System.arraycopy(k, 0, keep, 0, k.length);
    }

    /**
     * Scores per unit: dense {@code W [nIn, nOut]} reduces over rows; conv {@code W [nOut, ...]} over each filter.
     */
    static INDArray perUnit(INDArray w, UnitLayer l, GroupScore score) {
        INDArray m = l.conv() ? w.reshape('c', new long[] {l.units(), w.length() / l.units()}) : w;
        int dim = l.conv() ? 1 : 0;
        INDArray s = score == GroupScore.L2 ? m.norm2(dim) : m.norm1(dim);
        return s.reshape(l.units());
    }

    /**
     * A unit layer's group of weights as {@code [units, weightsPerUnit]}, row {@code j} = unit {@code j}: its own
     * weights (dense {@code W [nIn, nOut]} transposed, conv {@code W [nOut, ...]} flattened per filter), or with
     * {@code byConsumer} the consumer's weights that read each unit (conv consumer {@code W [nOut, c, kH, kW]} by
     * input channel; dense consumer {@code W [c * h * w, nOut]} by each unit's rows).
     */
    static INDArray unitRows(INDArray flat, UnitLayer l, boolean byConsumer) {
        if (!byConsumer) {
            INDArray w = view(flat, l.weights());
            return l.conv() ? w.reshape('c', new long[] {l.units(), w.length() / l.units()}) : w.transpose();
        }
        INDArray cw = view(flat, l.consumer().weights());
        INDArray t = l.consumer().conv() ? cw.permute(1, 0, 2, 3).dup('c') : cw.dup('c');
        return t.reshape('c', new long[] {l.units(), t.length() / l.units()});
    }

    private static void resetToOnes(INDArray mask, UnitLayer l) {
        view(mask, l.weights()).assign(1.0);
        if (l.bias() != null) {
            view(mask, l.bias()).assign(1.0);
        }
        for (UnitLayer.Slice s : l.channelParams()) {
            view(mask, s).assign(1.0);
        }
        view(mask, l.consumer().weights()).assign(1.0);
    }

    /** Multiplies a unit layer's keep vector (0/1, one per unit) into every slice the units own. */
    private static void expand(INDArray mask, UnitLayer l, INDArray keep) {
        INDArray row = keep.reshape(1, l.units());
        INDArray w = view(mask, l.weights());
        if (l.conv()) {
            w.reshape('c', new long[] {l.units(), w.length() / l.units()}).muliColumnVector(keep.reshape(l.units(), 1));
        } else {
            w.muliRowVector(row);
        }
        if (l.bias() != null) {
            view(mask, l.bias()).reshape(1, l.units()).muli(row);
        }
        for (UnitLayer.Slice s : l.channelParams()) {
            view(mask, s).reshape(1, l.units()).muli(row);
        }
        UnitLayer.Consumer c = l.consumer();
        INDArray cw = view(mask, c.weights());
        if (c.conv()) {
            Nd4j.getExecutioner().exec(new BroadcastMulOp(cw, keep, cw, 1));
        } else {
            INDArray perRow = c.positionsPerUnit() == 1 ? keep
                    : Nd4j.zeros(keep.dataType(), l.units(), c.positionsPerUnit())
                            .addiColumnVector(keep.reshape(l.units(), 1))
                            .reshape('c', new long[] {(long) l.units() * c.positionsPerUnit()});
            cw.muliColumnVector(perRow.reshape(perRow.length(), 1));
        }
    }

    /** The view of a flat vector over a slice, with the parameter's shape and order. */
    static INDArray view(INDArray flat, UnitLayer.Slice s) {
        INDArray v = flat.rank() == 1 ? flat : flat.reshape(flat.length());
        return v.get(NDArrayIndex.interval(s.offset(), s.offset() + s.length())).reshape(s.order(), s.shape());
    }
}
