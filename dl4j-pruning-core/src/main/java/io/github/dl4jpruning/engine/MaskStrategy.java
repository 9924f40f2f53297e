package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.config.GranularitySpec;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.criterion.MagnitudeCriterion;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.report.UnitStats;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How one family of masks is recomputed: single weights ({@link UnstructuredStrategy}), whole units
 * ({@link UnitStrategy}), tiles ({@link BlockStrategy}) or N:M groups ({@link NmStrategy}).
 *
 * <p>Call order: the engine builds exactly one strategy when it binds to a network (its constructor checks that
 * the network fits, before anything is changed), then calls {@link #update} once per mask update and
 * {@link #units} for every report. A strategy rewrites only the flat mask of the state it is given; the engine
 * multiplies the new mask into the parameters and the optimizer state afterwards. Not thread-safe: one per engine.
 */
interface MaskStrategy {

    /**
     * The strategy of the configured granularity (chosen once, at bind).
     *
     * @param config the configuration
     * @param settings per-layer settings by parameter id (unstructured pruning only)
     * @param net the network
     * @return the strategy
     * @throws IllegalArgumentException if the network does not fit the granularity
     */
    static MaskStrategy of(PruningConfig config, Map<String, LayerPruning> settings, NetworkAdapter net) {
        GranularitySpec g = config.granularity();
        if (g instanceof GranularitySpec.Unstructured) {
            return new UnstructuredStrategy(config, settings);
        }
        Criterion c = config.criterion();
        if (g instanceof GranularitySpec.Units u) {
            if (!(c instanceof MagnitudeCriterion) && !c.equals(u.score().criterion())) {
                throw new IllegalArgumentException("criterion (" + c + ") is not used with granularity " + u.kind()
                        + ": units are scored by the group score (" + u.score() + ", " + u.score().criterion()
                        + "); set groupScore(...) instead, or leave the criterion at its default");
            }
            return new UnitStrategy(config, u, net);
        }
        if (!(c instanceof MagnitudeCriterion)) {
            throw new IllegalArgumentException("criterion (" + c + ") is not used with granularity " + g.kind()
                    + ": patterns are ranked by magnitude (|w|, tile L2 norms); remove criterion(...) or prune "
                    + "UNSTRUCTURED");
        }
        if (g instanceof GranularitySpec.Blocks b) {
            return new BlockStrategy(config, b.size());
        }
        GranularitySpec.NM nm = (GranularitySpec.NM) g;
        OptionalDouble fin = config.schedule().finalDensity();
        if (fin.isPresent() && Math.abs(fin.getAsDouble() - NmStrategy.density(nm)) > 1e-9) {
            throw new IllegalArgumentException("schedule final density (" + fin.getAsDouble() + ") must be n/m ("
                    + NmStrategy.density(nm) + ") with granularity N_M " + nm.n() + ":" + nm.m() + ": the pattern "
                    + "fixes the density; use new OneShotSchedule(epoch, " + NmStrategy.density(nm) + ") or a "
                    + "ConstantSchedule and prune(model, " + NmStrategy.density(nm) + ")");
        }
        return new NmStrategy(nm.n(), nm.m());
    }

    /**
     * Rewrites the mask of {@code state} for a target density.
     *
     * @param params the network's flat parameter vector (read only)
     * @param state the mask state to update
     * @param gradients the accumulated gradients of gradient-based criteria, or null
     * @param targetDensity the density to reach, in (0, 1] (units kept for unit strategies)
     * @return ids of the parameters (or names of the layers) whose floor engaged; empty when none did
     * @throws IllegalArgumentException if the criterion lacks its input or the update cannot be made
     */
    List<String> update(INDArray params, MaskState state, GradientAccumulator gradients, double targetDensity);

    /**
     * Kept and total units per unit layer, for reports.
     *
     * @param mask the flat mask
     * @return the counts, empty for strategies that do not remove units
     */
    default List<UnitStats> units(INDArray mask) {
        return List.of();
    }

    /**
     * The per-iteration gradient term this strategy adds (group lasso), if any.
     *
     * @return the regularizer, or null for none
     */
    default GradientRegularizer regularizer() {
        return null;
    }
}
