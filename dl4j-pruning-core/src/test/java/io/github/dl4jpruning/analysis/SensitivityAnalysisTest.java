package io.github.dl4jpruning.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.testing.TestNets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class SensitivityAnalysisTest {

    @Test
    void probesEveryLayerAtEveryDensityAndRestoresTheWeightsExactly() {
        MultiLayerNetwork net = TestNets.wrappedMlp(2, LayerPruning.DEFAULTS, 32);
        net.fit(TestNets.data().trainIterator(100, 1), 2);
        float[] before = net.params().toFloatVector();
        DataSet test = TestNets.data().testSet();
        SensitivityReport r = SensitivityAnalysis.run(net, test, List.of(1.0, 0.5, 0.05));
        assertArrayEquals(before, net.params().toFloatVector(), 0f, "weights restored exactly");
        assertEquals(6, r.probes().size());
        assertEquals(Map.of("layer0_W", 784L * 32, "layer1_W", 320L), r.paramCounts());
        SensitivityReport.Probe dense = r.probesOf("layer0_W").get(0);
        assertEquals(1.0, dense.density(), 0.0);
        assertEquals(r.baselineLoss(), dense.loss(), 1e-6, "density 1.0 is the network as it was");
        assertEquals(r.baselineAccuracy(), dense.accuracy(), 0.0);
        assertTrue(r.probesOf("layer0_W").get(2).loss() > r.baselineLoss(), "5% of the first layer hurts");
        assertArrayEquals(before, net.params().toFloatVector(), 0f, "and the wrappers did not re-mask anything");
        assertEquals(r, SensitivityReport.fromJson(r.toJson()));
        String csv = r.toCsv();
        assertTrue(csv.startsWith("param,density,loss,accuracy,lossIncrease,accuracyDrop\nlayer0_W,1.0,"), csv);
        assertEquals(7, csv.lines().count());
    }

    @Test
    void targetDensitiesGiveTheSensitiveLayerMoreWeightsWithinTheBudget() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("a", 900L);
        counts.put("b", 100L);
        // a is robust, b is sensitive (golden, made up): loss increases per density
        SensitivityReport r = new SensitivityReport(1.0, 0.9, counts, List.of(
                new SensitivityReport.Probe("a", 0.5, 1.01, 0.9), new SensitivityReport.Probe("a", 0.1, 1.05, 0.89),
                new SensitivityReport.Probe("b", 0.5, 1.5, 0.8), new SensitivityReport.Probe("b", 0.1, 3.0, 0.5)));
        // budget 0.2: a at 0.1 (tolerance 0.05) and b dense gives (90 + 100) / 1000 = 0.19
        assertEquals(Map.of("a", 0.1, "b", 1.0), r.targetDensities(0.2));
        // budget 0.15: needs b at 0.5 too: (90 + 50) / 1000 = 0.14
        assertEquals(Map.of("a", 0.1, "b", 0.5), r.targetDensities(0.15));
        // below every layer at its smallest probe: (90 + 10) / 1000 = 0.1
        assertTrue(assertThrows(IllegalArgumentException.class, () -> r.targetDensities(0.05)).getMessage()
                .startsWith("budgetDensity (0.05) is below the smallest density the probes reach (0.1000"));
    }

    @Test
    void rejectsBadDensities() {
        MultiLayerNetwork net = TestNets.mlp(2, 8);
        assertEquals("densities ([]) must hold at least one density in (0, 1]", assertThrows(
                IllegalArgumentException.class, () -> SensitivityAnalysis.run(net, TestNets.data().testSet(), List.of()))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SensitivityAnalysis.run(net,
                TestNets.data().testSet(), List.of(0.5, 1.5))).getMessage().startsWith("density (1.5) must be in (0, 1]"));
    }
}
