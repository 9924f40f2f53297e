package io.github.dl4jpruning.analysis;

import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.ParamDiscovery;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.mask.ThresholdSelector;
import io.github.dl4jpruning.registry.LayerSelection;
import io.github.dl4jpruning.registry.PrunableLayerRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-layer sensitivity to pruning (as in Han et al. 2015, figure 5, and Distiller's sensitivity analysis):
 * each prunable parameter alone is pruned by magnitude to each of a list of densities, the test loss and
 * accuracy are measured without retraining, and the weights are restored exactly (from a copy) after every
 * probe. {@link SensitivityReport#targetDensities} turns the result into per-layer densities for a global
 * budget.
 */
public final class SensitivityAnalysis {

    /** The densities probed by default. */
    public static final List<Double> DEFAULT_DENSITIES = List.of(0.9, 0.7, 0.5, 0.3, 0.1, 0.05);

    private static final Logger log = LoggerFactory.getLogger(SensitivityAnalysis.class);

    private SensitivityAnalysis() {
    }

    /**
     * Probes every prunable parameter (default registry) at {@link #DEFAULT_DENSITIES}.
     *
     * @param model an initialized, trained MultiLayerNetwork or ComputationGraph
     * @param test the data loss and accuracy are measured on (e.g. the whole test set as one DataSet)
     * @return the report
     */
    public static SensitivityReport run(Model model, DataSet test) {
        return run(model, test, DEFAULT_DENSITIES);
    }

    /**
     * Probes every prunable parameter (default registry) at the given densities.
     *
     * @param model an initialized, trained MultiLayerNetwork or ComputationGraph
     * @param test the data loss and accuracy are measured on
     * @param densities densities to probe, each in (0, 1]
     * @return the report
     * @throws IllegalArgumentException if a density is out of range or the list is empty
     */
    public static SensitivityReport run(Model model, DataSet test, List<Double> densities) {
        NetworkAdapter net = NetworkAdapter.of(model);
        Checks.notNull("test", test);
        if (densities.isEmpty()) {
            throw new IllegalArgumentException("densities ([]) must hold at least one density in (0, 1]");
        }
        densities.forEach(d -> Checks.density("density", d));
        ParamDiscovery.Discovered found = ParamDiscovery.discover(net, PrunableLayerRegistry.defaults(),
                LayerSelection.ALL, Map.of());
        found.wrapped().keySet().forEach(w -> w.masks());   // wrappers fix their masks before any probe zeroes weights
        double baseLoss = net.score(test);
        double baseAcc = accuracy(net, test);
        Map<String, Long> counts = new LinkedHashMap<>();
        List<SensitivityReport.Probe> probes = new ArrayList<>();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (PrunableParam p : found.params()) {
                counts.put(p.id(), p.length());
                INDArray segment = MaskState.segment(net.params(), p);
                INDArray original = segment.dup();
                INDArray scores = Transforms.abs(original, true);
                try {
                    for (double d : densities) {
                        long k = Math.max(1, Math.round(d * p.length()));
                        INDArray keep = ThresholdSelector.keepMask(scores, Math.min(k, p.length()));
                        segment.assign(original.mul(keep));
                        probes.add(new SensitivityReport.Probe(p.id(), d, net.score(test), accuracy(net, test)));
                        segment.assign(original);
                    }
                } finally {
                    segment.assign(original);
                }
                log.info("Sensitivity of {}: {}", p.id(), probes.subList(probes.size() - densities.size(), probes.size()));
            }
        }
        return new SensitivityReport(baseLoss, baseAcc, counts, probes);
    }

    private static double accuracy(NetworkAdapter net, DataSet test) {
        Evaluation e = new Evaluation();
        e.eval(test.getLabels(), net.output(test.getFeatures()));
        return e.accuracy();
    }
}
