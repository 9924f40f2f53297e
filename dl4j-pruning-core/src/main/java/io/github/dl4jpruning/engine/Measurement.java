package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.criterion.MagnitudeCriterion;
import io.github.dl4jpruning.kernels.Kernels;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.ParamDiscovery;
import io.github.dl4jpruning.registry.LayerSelection;
import io.github.dl4jpruning.registry.PrunableLayerRegistry;
import io.github.dl4jpruning.report.LayerStats;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.report.UnitStats;
import io.github.dl4jpruning.spi.MaskKernels;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Counts the non-zero prunable weights of a network without binding anything to it: no engine, no masks, no hand-over
 * of {@code PrunedLayer} wrappers. The network is only read.
 */
public final class Measurement {

    private Measurement() {
    }

    /**
     * The report of an engine's current masks and weights.
     *
     * @param net the network
     * @param state its mask state
     * @param k the mask kernels that count
     * @param round the round the report is for
     * @param target the target density of that round
     * @param config the configuration (scope and criterion named in the report)
     * @param seconds the wall time of the update
     * @param units unit counts, empty for strategies that do not remove units
     * @return the report
     */
    static PruningReport report(NetworkAdapter net, MaskState state, MaskKernels k, int round, double target,
            PruningConfig config, double seconds,
            List<UnitStats> units) {
        INDArray params = net.params();
        List<LayerStats> stats = new ArrayList<>();
        for (PrunableParam p : state.params()) {
            stats.add(new LayerStats(p.id(), p.layerName(), p.layerIndex(), p.paramKey(), p.length(),
                    k.countNonzero(MaskState.segment(params, p))));
        }
        return new PruningReport(round, net.epochCount(), target, config.scope().name(),
                config.criterion().toString(), seconds, stats, units);
    }

    /**
     * Measures every prunable parameter of the default registry.
     *
     * @param model an initialized MultiLayerNetwork or ComputationGraph
     * @return a round-0 report whose target density is the measured density
     * @throws IllegalArgumentException if the model type is unsupported or it has nothing to prune
     */
    public static PruningReport of(Model model) {
        NetworkAdapter net = NetworkAdapter.of(model);
        List<PrunableParam> ps = ParamDiscovery.discover(net, PrunableLayerRegistry.defaults(), LayerSelection.ALL);
        MaskKernels k = Kernels.masks();
        INDArray params = net.params();
        List<LayerStats> stats = new ArrayList<>();
        long kept = 0;
        long total = 0;
        for (PrunableParam p : ps) {
            long nonzero = k.countNonzero(MaskState.segment(params, p));
            stats.add(new LayerStats(p.id(), p.layerName(), p.layerIndex(), p.paramKey(), p.length(), nonzero));
            kept += nonzero;
            total += p.length();
        }
        double density = kept == total ? 1.0 : Math.max(Double.MIN_VALUE, (double) kept / total);
        return new PruningReport(0, net.epochCount(), density, Scope.GLOBAL.name(),
                new MagnitudeCriterion().toString(), 0.0, stats);
    }
}
