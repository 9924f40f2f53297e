package io.github.dl4jpruning.listener;

import io.github.dl4jpruning.mask.ParamRule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.mask.MaskUpdater;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import io.github.dl4jpruning.report.LayerStats;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.schedule.OneShotSchedule;
import io.github.dl4jpruning.testing.LargestFirstCriterion;
import io.github.dl4jpruning.testing.TestNets;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Per-layer settings from PrunedLayer wrappers and from PruningConfig.layer(name, ...). */
class LayerSettingsTest {

    private static Map<String, LayerStats> byId(PruningReport r) {
        return r.layers().stream().collect(Collectors.toMap(LayerStats::id, s -> s));
    }

    @Test
    void aWrappedLayerReachesItsOwnTargetWhileTheOthersShareTheScheduleTarget() {
        MultiLayerNetwork net = TestNets.wrappedMlp(4, LayerPruning.builder().targetDensity(0.1).build(), 40);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(0, 0.5)).build());
        PruningReport r = l.step(net, 0).orElseThrow();
        Map<String, LayerStats> s = byId(r);
        assertEquals(Math.round(0.1 * 784 * 40), s.get("layer0_W").nonzeroCount());
        assertEquals(Math.round(0.5 * 400), s.get("layer1_W").nonzeroCount(), "the output layer alone shares 0.5");
    }

    @Test
    void ownTargetsFollowTheScheduleGeometrically() {
        assertEquals(1.0, ParamRule.layerDensity(0.01, 1.0, OptionalDouble.of(0.125)), 0.0);
        assertEquals(Math.pow(0.01, 1.0 / 3), ParamRule.layerDensity(0.01, 0.5, OptionalDouble.of(0.125)), 1e-12);
        assertEquals(Math.pow(0.01, 2.0 / 3), ParamRule.layerDensity(0.01, 0.25, OptionalDouble.of(0.125)), 1e-12);
        assertEquals(0.01, ParamRule.layerDensity(0.01, 0.125, OptionalDouble.of(0.125)), 1e-15);
        assertEquals(0.01, ParamRule.layerDensity(0.01, 0.05, OptionalDouble.of(0.125)), 0.0, "capped at t");
        assertEquals(0.3, ParamRule.layerDensity(0.3, 0.5, OptionalDouble.empty()), 0.0, "no final density");

        MultiLayerNetwork net = TestNets.wrappedMlp(4, LayerPruning.builder().targetDensity(0.01).build(), 40);
        PruningListener l = new PruningListener(PruningConfig.builder()
                .schedule(new IterativeSchedule(0, 0.5, 1, 0.125)).build());
        long n = 784 * 40;
        double[] expected = {Math.pow(0.01, 1.0 / 3), Math.pow(0.01, 2.0 / 3), 0.01};
        for (int round = 0; round < 3; round++) {
            PruningReport r = l.step(net, round).orElseThrow();
            assertEquals(Math.round(expected[round] * n), byId(r).get("layer0_W").nonzeroCount(), "round " + round);
        }
    }

    @Test
    void aWrappedLayersFloorHoldsItAboveTheGlobalRanking() {
        MultiLayerNetwork net = TestNets.wrappedMlp(4, LayerPruning.builder().minDensity(0.05).build(), 40, 100);
        net.getLayer(0).getParam("W").muli(1e-3);       // tiny weights: global ranking would empty the layer
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(0, 0.1)).build());
        PruningReport r = l.step(net, 0).orElseThrow();
        assertEquals((long) Math.ceil(0.05 * 784 * 40), byId(r).get("layer0_W").nonzeroCount());
        assertEquals(Math.round(0.1 * (784 * 40 + 40 * 100 + 1000)), r.nonzeroCount(),
                "the rest of the budget is re-ranked over the other layers");
    }

    @Test
    void aWrappedLayersCriterionRanksItsWeights() {
        MultiLayerNetwork net = TestNets.wrappedMlp(4, LayerPruning.builder().targetDensity(0.5)
                .criterion(new LargestFirstCriterion()).build(), 40);
        INDArray before = Transforms.abs(net.getLayer(0).getParam("W"), true);
        new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(0, 0.5)).build()).step(net, 0);
        INDArray kept = net.getLayer(0).getParam("W").neq(0.0);
        double maxKept = before.mul(kept.castTo(before.dataType())).maxNumber().doubleValue();
        double minPruned = before.add(kept.castTo(before.dataType()).mul(1e9)).minNumber().doubleValue();
        assertTrue(maxKept <= minPruned, "largest-first keeps the smallest: max kept " + maxKept + ", min pruned "
                + minPruned);
    }

    @Test
    void outputLayerSettingsGoByNameInTheConfig() {
        MultiLayerNetwork net = TestNets.mlp(4, 40);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(0, 0.1))
                .layer("layer1", LayerPruning.builder().targetDensity(0.5).build()).build());
        Map<String, LayerStats> s = byId(l.step(net, 0).orElseThrow());
        assertEquals(200, s.get("layer1_W").nonzeroCount());
        assertEquals(Math.round(0.1 * 784 * 40), s.get("layer0_W").nonzeroCount());
    }

    @Test
    void excludedParamsByNameLeaveThatParameterDense() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new LSTM.Builder().nIn(4).nOut(6).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(2)
                        .activation(Activation.SOFTMAX).build()).build());
        net.init();
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .layer("layer0", LayerPruning.builder().excludeParams("RW").build()).build());
        List<String> ids = l.bind(net).params().stream().map(PrunableParam::id).toList();
        assertEquals(List.of("layer0_W", "layer1_W"), ids);
        PruningListener bad = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .layer("layer0", LayerPruning.builder().excludeParams("XX").build()).build());
        assertEquals("excludedParams (XX) of layer 0 (\"layer0\", LSTM) is not one of its prunable parameters [W, RW]",
                assertThrows(IllegalArgumentException.class, () -> bad.bind(net)).getMessage());
    }

    @Test
    void conflictingOrUnknownSettingsAreErrors() {
        MultiLayerNetwork wrapped = TestNets.wrappedMlp(4, LayerPruning.builder().targetDensity(0.2).build(), 40);
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> new PruningListener(
                PruningConfig.builder().schedule(new ConstantSchedule())
                        .layer("layer0", LayerPruning.builder().minDensity(0.1).build()).build()).bind(wrapped));
        assertEquals("layer 0 (\"layer0\", DenseLayer) has settings both in its PrunedLayer wrapper and in "
                + "PruningConfig.layer(\"layer0\", ...): keep one of them", both.getMessage());
        IllegalArgumentException excluded = assertThrows(IllegalArgumentException.class, () -> new PruningListener(
                PruningConfig.builder().schedule(new ConstantSchedule()).excludeLayers("layer0").build()).bind(wrapped));
        assertTrue(excluded.getMessage().endsWith("is wrapped in a PrunedLayer and also excluded in the PruningConfig: "
                + "remove the wrapper or the exclusion"), excluded.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> new PruningListener(
                PruningConfig.builder().schedule(new ConstantSchedule())
                        .layer("fc9", LayerPruning.DEFAULTS).build()).bind(TestNets.mlp(4, 40)));
        assertTrue(unknown.getMessage().startsWith("layer settings name (\"fc9\") is not a layer of this "
                + "MultiLayerNetwork; its layers are [0:layer0(DenseLayer), 1:layer1(OutputLayer)]"),
                unknown.getMessage());
        MultiLayerNetwork bn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(4).build())
                .layer(new BatchNormalization.Builder().nOut(4).build())
                .layer(new OutputLayer.Builder().nIn(4).nOut(2).build()).build());
        bn.init();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PruningListener(PruningConfig.builder()
                .schedule(new ConstantSchedule()).layer("layer1", LayerPruning.builder().minDensity(0.5).build())
                .build()).bind(bn)).getMessage().contains("has nothing to prune"));
        assertEquals("layerName ( ) must be a non-blank layer name", assertThrows(IllegalArgumentException.class,
                () -> PruningConfig.builder().layer(" ", LayerPruning.DEFAULTS)).getMessage());
    }

    @Test
    void aWrappedLayerIsPrunedEvenWhenTheIncludeListNamesOthers() {
        MultiLayerNetwork net = TestNets.wrappedMlp(4, LayerPruning.DEFAULTS, 40);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .includeLayers("layer1").build());
        assertEquals(List.of("layer0_W", "layer1_W"), l.bind(net).params().stream().map(PrunableParam::id).toList());
        assertTrue(net.getLayer(0) instanceof io.github.dl4jpruning.nn.layers.PrunedLayerImpl);
        assertTrue(PrunedLayer.isOutputLayer(new OutputLayer.Builder().nIn(1).nOut(1).build()));
        assertEquals(0, MaskUpdater.countNonzero(net.getLayer(0).getParam("b")));
    }
}
