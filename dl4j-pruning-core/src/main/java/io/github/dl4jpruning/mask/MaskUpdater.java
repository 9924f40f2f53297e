package io.github.dl4jpruning.mask;

import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.criterion.ScoringInput;
import io.github.dl4jpruning.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes masks: scores every prunable weight with a criterion, ranks the scores globally or per
 * layer, keeps every layer at or above a floor density, and writes the new 0/1 masks into the state.
 *
 * <p>Weights that are already pruned rank below every other weight, so a round only ever removes
 * weights (iterative pruning: each round removes a share of the weights that are still unpruned). The
 * number of kept weights is exact: {@code round(target * n)} over all prunable weights for
 * {@link Scope#GLOBAL}, {@code max(1, round(target * n_l))} per parameter for {@link Scope#LOCAL}, and
 * the floor keeps {@code ceil(floor * n_l)} in a layer the ranking would have left below it (the
 * global budget is then re-ranked over the remaining layers, so the total stays on target). Global ranking never
 * empties a parameter: each keeps at least one weight (its largest), as local ranking does, since a layer without
 * weights makes the network's output constant.
 *
 * <p>All work is ND4J ops on the parameters' device; the only values read back are scalars (the
 * threshold and counts). Stateless and thread-safe: the algorithm owns neither the policy (criterion,
 * scope) nor the state; both are passed in.
 */
public final class MaskUpdater {

    private static final Logger log = LoggerFactory.getLogger(MaskUpdater.class);

    private MaskUpdater() {
    }

    /**
     * The outcome of one mask update.
     *
     * @param keptPerParam number of weights kept per parameter id, in network order
     * @param floorEngaged ids of the parameters the floor kept above the ranking's choice
     */
    public record Result(Map<String, Long> keptPerParam, List<String> floorEngaged) {
        /** Copies the collections. */
        public Result {
            keptPerParam = Collections.unmodifiableMap(new LinkedHashMap<>(keptPerParam));
            floorEngaged = List.copyOf(floorEngaged);
        }
    }

    /**
     * Recomputes the masks of {@code state} for {@code targetDensity}. Neither the parameters nor the
     * mask-applied weights are changed here: the caller multiplies the new mask into the parameters.
     *
     * @param params the network's flat parameter vector
     * @param accumulatedGradients the network's flat accumulated gradients for gradient-based criteria,
     *        or null
     * @param gradientBatches number of minibatches in {@code accumulatedGradients}
     * @param state the mask state to update
     * @param criterion the importance criterion
     * @param scope global or local ranking
     * @param minLayerDensity per-layer floor in [0, 1]
     * @param targetDensity density to reach, in (0, 1]
     * @return kept counts and floor events
     * @throws IllegalArgumentException if an argument is out of range or the criterion lacks its input
     */
    public static Result update(INDArray params, INDArray accumulatedGradients, long gradientBatches,
            MaskState state, Criterion criterion, Scope scope, double minLayerDensity, double targetDensity) {
        return update(params, accumulatedGradients, gradientBatches, state, criterion, scope, minLayerDensity,
                targetDensity, Map.of());
    }

    /**
     * As {@link #update(INDArray, INDArray, long, MaskState, Criterion, Scope, double, double)}, with
     * per-parameter overrides: a parameter with its own criterion is scored with it; with its own floor,
     * held at that floor; with its own density, ranked on its own to that density, while the other
     * parameters share {@code targetDensity} (over their own weights) with the given scope.
     *
     * @param params the network's flat parameter vector
     * @param accumulatedGradients flat accumulated gradients for gradient-based criteria, or null
     * @param gradientBatches number of minibatches in {@code accumulatedGradients}
     * @param state the mask state to update
     * @param criterion the network-wide criterion
     * @param scope global or local ranking
     * @param minLayerDensity network-wide per-layer floor in [0, 1]
     * @param targetDensity density to reach over the parameters without their own density, in (0, 1]
     * @param rules overrides by parameter id ({@link PrunableParam#id()}); missing ids have none
     * @return kept counts and floor events
     * @throws IllegalArgumentException if an argument is out of range, a rule names an unknown parameter or a
     *         criterion lacks its input
     */
    public static Result update(INDArray params, INDArray accumulatedGradients, long gradientBatches,
            MaskState state, Criterion criterion, Scope scope, double minLayerDensity, double targetDensity,
            Map<String, ParamRule> rules) {
        return update(params, accumulatedGradients, gradientBatches, state, criterion, scope, minLayerDensity,
                targetDensity, rules, 0L);
    }

    /**
     * As {@link #update(INDArray, INDArray, long, MaskState, Criterion, Scope, double, double, Map)}, passing the
     * seed of random choices to the criteria ({@code ScoringInput.seed()}).
     *
     * @param params the network's flat parameter vector
     * @param accumulatedGradients flat accumulated gradients for gradient-based criteria, or null
     * @param gradientBatches number of minibatches in {@code accumulatedGradients}
     * @param state the mask state to update
     * @param criterion the network-wide criterion
     * @param scope global or local ranking
     * @param minLayerDensity network-wide per-layer floor in [0, 1]
     * @param targetDensity density to reach over the parameters without their own density, in (0, 1]
     * @param rules overrides by parameter id; missing ids have none
     * @param seed the seed of random choices
     * @return kept counts and floor events
     * @throws IllegalArgumentException as the overload without seed
     */
    public static Result update(INDArray params, INDArray accumulatedGradients, long gradientBatches,
            MaskState state, Criterion criterion, Scope scope, double minLayerDensity, double targetDensity,
            Map<String, ParamRule> rules, long seed) {
        Checks.density("targetDensity", targetDensity);
        Checks.unitInterval("minLayerDensity", minLayerDensity);
        List<PrunableParam> ps0 = state.params();
        for (String id : rules.keySet()) {
            if (ps0.stream().noneMatch(p -> p.id().equals(id))) {
                throw new IllegalArgumentException("rules name parameter " + id + ", which is not prunable here; "
                        + "prunable: " + ps0.stream().map(PrunableParam::id).toList());
            }
        }
        ParamRule[] rule = new ParamRule[ps0.size()];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = rules.getOrDefault(ps0.get(i).id(), ParamRule.NONE);
            Criterion c = rule[i].criterion().orElse(criterion);
            if (c.needsGradients() && accumulatedGradients == null) {
                throw new IllegalArgumentException("criterion " + c + " needs accumulated gradients, "
                        + "but none were collected: train at least one iteration with the listener attached");
            }
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            List<PrunableParam> ps = state.params();
            INDArray weights = gather(params, ps);
            INDArray grads = accumulatedGradients == null ? null : gather(accumulatedGradients, ps);
            INDArray scores = Nd4j.createUninitialized(weights.dataType(), weights.length());
            criterion.score(new ScoringInput(weights, Optional.ofNullable(grads), gradientBatches, seed), scores);
            long[] starts = new long[ps.size()];
            long pos = 0;
            for (int i = 0; i < ps.size(); i++) {
                starts[i] = pos;
                pos += ps.get(i).length();
            }
            for (int i = 0; i < ps.size(); i++) {
                if (rule[i].criterion().isPresent()) {
                    long n = ps.get(i).length();
                    rule[i].criterion().get().score(new ScoringInput(slice(weights, starts[i], n),
                            Optional.ofNullable(grads == null ? null : slice(grads, starts[i], n)), gradientBatches, seed),
                            slice(scores, starts[i], n));
                }
            }
            // Already-pruned weights rank first: score - (1 - mask) * MAX.
            INDArray oldMask = gather(state.mask(), ps);
            scores.addi(oldMask.rsub(1.0).muli(-Float.MAX_VALUE));
            // oldMask is a copy no longer needed: the global ranking writes its keep mask there (no new array)

            double[] floors = new double[ps.size()];
            for (int i = 0; i < ps.size(); i++) {
                floors[i] = rule[i].minDensity().orElse(minLayerDensity);
            }
            INDArray[] keep = new INDArray[ps.size()];
            List<String> floorEngaged = new ArrayList<>();
            List<Integer> shared = new ArrayList<>();
            for (int i = 0; i < ps.size(); i++) {
                long n = ps.get(i).length();
                if (rule[i].density().isPresent() || scope == Scope.LOCAL) {
                    double d = rule[i].density().orElse(targetDensity);
                    long k = Math.max(Math.max(1, Math.round(d * n)), floorCount(floors[i], n));
                    keep[i] = ThresholdSelector.keepMask(slice(scores, starts[i], n), Math.min(n, k));
                } else {
                    shared.add(i);
                }
            }
            if (!shared.isEmpty()) {
                long sharedCount = shared.stream().mapToLong(i -> ps.get(i).length()).sum();
                global(scores, ps, starts, floors, shared, Math.round(targetDensity * sharedCount), keep,
                        floorEngaged, shared.size() == ps.size() && oldMask.rank() == 1
                                && oldMask.dataType() == scores.dataType() ? oldMask : null);
            }
            Map<String, Long> kept = new LinkedHashMap<>();
            for (int i = 0; i < ps.size(); i++) {
                MaskState.segment(state.mask(), ps.get(i)).assign(keep[i]);
                kept.put(ps.get(i).id(), countNonzero(keep[i]));
            }
            return new Result(kept, floorEngaged);
        }
    }

    private static void global(INDArray scores, List<PrunableParam> ps, long[] starts, double[] floors,
            List<Integer> members, long keepTotal, INDArray[] keep, List<String> floorEngaged, INDArray scratch) {
        INDArray memberScores = members.size() == ps.size() ? scores
                : Nd4j.concat(0, members.stream().map(i -> slice(scores, starts[i], ps.get(i).length()))
                        .toArray(INDArray[]::new));
        long[] lengths = new long[members.size()];
        long[] need = new long[members.size()];
        for (int j = 0; j < members.size(); j++) {
            lengths[j] = ps.get(members.get(j)).length();
            need[j] = Math.max(1, floorCount(floors[members.get(j)], lengths[j]));   // never empty a tensor
        }
        ThresholdSelector.Floored f = ThresholdSelector.keepWithFloors(memberScores, lengths, need, keepTotal,
                scratch);
        for (int j = 0; j < members.size(); j++) {
            int i = members.get(j);
            keep[i] = f.keep()[j];
            if (f.floorEngaged()[j]) {
                floorEngaged.add(ps.get(i).id());
                log.info(String.format(Locale.ROOT, "Layer floor engaged: %s kept at density %.4f "
                        + "(global ranking would have left %.4f)", ps.get(i).id(), (double) need[j] / lengths[j],
                        (double) f.rankedCount()[j] / lengths[j]));
            }
        }
        if (f.allAtFloor()) {
            log.warn("Every layer is held at its floor density: the target of {} weights cannot be reached "
                    + "({} kept)", keepTotal, f.floorKept());
        }
    }

    private static long floorCount(double floor, long n) {
        return Math.min(n, (long) Math.ceil(floor * n - 1e-9));
    }

    private static INDArray slice(INDArray flat, long start, long n) {
        return flat.get(NDArrayIndex.interval(start, start + n));
    }

    private static INDArray gather(INDArray flat, List<PrunableParam> ps) {
        INDArray[] parts = ps.stream().map(p -> MaskState.segment(flat, p)).toArray(INDArray[]::new);
        return parts.length == 1 ? parts[0].dup() : Nd4j.concat(0, parts);
    }

    /**
     * Counts the weights of a parameter that are not exactly zero.
     *
     * @param params the flat parameter vector
     * @param p the parameter
     * @return the number of non-zero weights
     */
    public static long nonzeroCount(INDArray params, PrunableParam p) {
        return countNonzero(MaskState.segment(params, p));
    }

    /**
     * Counts the entries that are not exactly zero, exactly at any length (an integer sum, where a float sum
     * of a 0/1 mask would lose units beyond 2^24 entries).
     *
     * @param a any array
     * @return the number of non-zero entries
     */
    public static long countNonzero(INDArray a) {
        return a.neq(0.0).castTo(DataType.INT64).sumNumber().longValue();
    }
}
