package io.github.dl4jpruning.nn.conf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.nn.layers.PrunedLayerImpl;
import io.github.dl4jpruning.testing.LargestFirstCriterion;
import io.github.dl4jpruning.testing.TestNets;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class PrunedLayerTest {

    static DenseLayer dense(int in, int out) {
        return new DenseLayer.Builder().nIn(in).nOut(out).activation(Activation.RELU).build();
    }

    static OutputLayer output(int in) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(10)
                .activation(Activation.SOFTMAX).build();
    }

    static MultiLayerConfiguration wrappedConf(LayerPruning settings) {
        return new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT).updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new PrunedLayer.Builder().layer(dense(784, 40)).settings(settings).build())
                .layer(new PrunedLayer.Builder().layer(dense(40, 20)).build())
                .layer(output(20))
                .build();
    }

    @Test
    void outputLayersWithWeightsCanBeWrappedOutputLayersWithoutCannot() {
        // This test asserted the refusal of every output layer, a limitation removed when PrunedOutputLayerImpl (an
        // IOutputLayer) was added: output layers with weights wrap now, output layers without weights are refused.
        assertEquals(List.of("W"), new PrunedLayer.Builder().layer(output(20)).build().prunedParamKeys());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrunedLayer.Builder()
                .layer(new LossLayer.Builder().build()).build()).getMessage().contains("is an output layer"));
    }

    @Test
    void rejectsMissingWrappedUnsupportedAndParameterlessLayers() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrunedLayer.Builder().build())
                .getMessage().startsWith("layer must be set"));
        PrunedLayer once = new PrunedLayer.Builder().layer(dense(4, 4)).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrunedLayer.Builder().layer(once).build())
                .getMessage().startsWith("layer (PrunedLayer) is already a wrapper layer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrunedLayer.Builder()
                .layer(new FrozenLayerWithBackprop(dense(4, 4))).build()).getMessage().contains("already a wrapper"));
        IllegalArgumentException bn = assertThrows(IllegalArgumentException.class,
                () -> new PrunedLayer.Builder().layer(new BatchNormalization.Builder().build()).build());
        assertTrue(bn.getMessage().startsWith("layer (BatchNormalization) has nothing to prune. Supported: DenseLayer[W]"),
                bn.getMessage());
        IllegalArgumentException un = assertThrows(IllegalArgumentException.class, () -> new PrunedLayer.Builder()
                .layer(new ElementWiseMultiplicationLayer.Builder().nIn(4).nOut(4).build()).build());
        assertTrue(un.getMessage().startsWith("layer (ElementWiseMultiplicationLayer) is not a supported layer type "
                + "for pruning. Supported: DenseLayer[W], OutputLayer[W]"), un.getMessage());
    }

    @Test
    void rejectsExcludedKeysTheLayerDoesNotHaveOrExcludingEverything() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PrunedLayer.Builder().layer(dense(4, 4)).excludeParams("RW").build());
        assertEquals("excludedParams (RW) is not a prunable parameter of DenseLayer; its prunable parameters are [W]",
                e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrunedLayer.Builder().layer(dense(4, 4))
                .excludeParams("W").build()).getMessage().startsWith("excludedParams ([W]) excludes every prunable"));
        LSTM lstm = new LSTM.Builder().nIn(4).nOut(3).build();
        assertEquals(List.of("W"), new PrunedLayer.Builder().layer(lstm).excludeParams("RW").build().prunedParamKeys());
        assertEquals(List.of("W", "RW"), new PrunedLayer.Builder().layer(lstm).build().prunedParamKeys());
    }

    @Test
    void builderSettersFailFast() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrunedLayer.Builder().targetDensity(0.0))
                .getMessage().startsWith("targetDensity (0.0) must be in (0, 1]"));
        assertEquals("minDensity (2.0) must be in [0, 1]", assertThrows(IllegalArgumentException.class,
                () -> new PrunedLayer.Builder().minDensity(2.0)).getMessage());
    }

    @Test
    void builderCarriesEverySetting() {
        PrunedLayer p = new PrunedLayer.Builder().layer(new DenseLayer.Builder().name("fc1").nIn(4).nOut(4).build())
                .targetDensity(0.2).minDensity(0.1).criterion(new LargestFirstCriterion()).build();
        assertEquals(LayerPruning.builder().targetDensity(0.2).minDensity(0.1).criterion(new LargestFirstCriterion())
                .build(), p.settings());
        assertEquals("fc1", p.getLayerName(), "the wrapper takes the wrapped layer's name");
        PrunedLayer c = p.clone();
        assertEquals(p, c);
        assertNotSame(p.getUnderlying(), c.getUnderlying(), "clone is deep");
    }

    @Test
    void networkJsonRoundTripsEqualOnEveryFieldAndCarriesNoMasks() {
        LayerPruning s = LayerPruning.builder().targetDensity(0.1).minDensity(0.02)
                .criterion(new LargestFirstCriterion()).build();
        MultiLayerConfiguration conf = wrappedConf(s);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertEquals(conf.toJson(), back.toJson());
        PrunedLayer p = (PrunedLayer) back.getConf(0).getLayer();
        assertEquals(s, p.settings());
        assertEquals(conf.getConf(0).getLayer(), p);
        assertEquals(((PrunedLayer) conf.getConf(0).getLayer()).getUnderlying(), p.getUnderlying());
        // masks are state, not config: a 784x40 wrapped layer adds only its settings to the JSON
        MultiLayerConfiguration plain = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(dense(784, 40)).layer(dense(40, 20)).layer(output(20)).build();
        int extra = conf.toJson().length() - plain.toJson().length();
        assertTrue(extra < 1500, "wrappers add " + extra + " characters of JSON");
    }

    @Test
    void aNetworkBuiltFromTheJsonTrainsIdentically() {
        MultiLayerConfiguration conf = wrappedConf(LayerPruning.DEFAULTS);
        MultiLayerNetwork a = new MultiLayerNetwork(conf);
        a.init();
        MultiLayerNetwork b = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(conf.toJson()));
        b.init();
        assertInstanceOf(PrunedLayerImpl.class, b.getLayer(0));
        assertEquals(a.params(), b.params());
        DataSetIterator it1 = TestNets.data().trainIterator(100, 3);
        DataSetIterator it2 = TestNets.data().trainIterator(100, 3);
        a.fit(it1);
        b.fit(it2);
        assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), 0f);
    }

    @Test
    void wrapsLayersOfAComputationGraphAndRoundTripsItsJson() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("d1", new PrunedLayer.Builder().layer(dense(784, 30)).targetDensity(0.2).build(), "in")
                .addLayer("out", output(30), "d1").setOutputs("out").build();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        ComputationGraph g = new ComputationGraph(back);
        g.init();
        assertInstanceOf(PrunedLayerImpl.class, g.getLayer("d1"));
        assertEquals("d1", g.getLayer("d1").conf().getLayer().getLayerName());
        g.fit(TestNets.data().trainIterator(100, 3));
        assertTrue(Double.isFinite(g.score()));
    }

    @Test
    void globalBuilderDefaultsReachTheWrappedLayer() {
        MultiLayerConfiguration conf = wrappedConf(LayerPruning.DEFAULTS);
        DenseLayer inner = (DenseLayer) ((PrunedLayer) conf.getConf(0).getLayer()).getUnderlying();
        assertEquals(new Adam(1e-3), inner.getIUpdater());
        assertEquals("layer0", inner.getLayerName());
        assertEquals(784, inner.getNIn());
    }
}
