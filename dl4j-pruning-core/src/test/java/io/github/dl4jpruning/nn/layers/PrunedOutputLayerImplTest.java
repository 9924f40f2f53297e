package io.github.dl4jpruning.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.Pruning;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import io.github.dl4jpruning.persist.PrunedModels;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.schedule.OneShotSchedule;
import io.github.dl4jpruning.testing.PrunedPositions;
import io.github.dl4jpruning.testing.TestNets;
import io.github.dl4jpruning.testing.TinyData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CenterLossOutputLayer;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.conf.ocnn.OCNNOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Wrapped output layers (TF-MOT wraps any layer): the runtime is an {@code IOutputLayer}, so a MultiLayerNetwork whose
 * last layer and a ComputationGraph whose output vertex is wrapped train, prune, keep exact zeros, round-trip through
 * JSON and model files, and strip to a plain network with equal outputs. Output layers without weights are refused.
 */
class PrunedOutputLayerImplTest {

    @TempDir
    Path tmp;

    private static OutputLayer output(int nIn) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(nIn).nOut(10)
                .activation(Activation.SOFTMAX).build();
    }

    private static MultiLayerConfiguration mlnConf(LayerPruning outputSettings) {
        return new NeuralNetConfiguration.Builder().seed(31).dataType(DataType.FLOAT).updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(32).activation(Activation.RELU).build())
                .layer(new PrunedLayer.Builder().layer(output(32)).settings(outputSettings).build())
                .build();
    }

    private static ComputationGraphConfiguration graphConf() {
        return new NeuralNetConfiguration.Builder().seed(31).dataType(DataType.FLOAT).updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("d1", new PrunedLayer.Builder().layer(new DenseLayer.Builder().nIn(784).nOut(32)
                        .activation(Activation.RELU).build()).build(), "in")
                .addLayer("out", new PrunedLayer.Builder().layer(output(32)).build(), "d1")
                .setOutputs("out").build();
    }

    static Stream<Model> wrappedOutputNets() {
        MultiLayerNetwork mln = new MultiLayerNetwork(mlnConf(LayerPruning.DEFAULTS));
        mln.init();
        ComputationGraph cg = new ComputationGraph(graphConf());
        cg.init();
        return Stream.of(mln, cg);
    }

    private static INDArray outputWeights(Model m) {
        return m instanceof MultiLayerNetwork n ? n.getLayer(1).getParam("W")
                : ((ComputationGraph) m).getLayer("out").getParam("W");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrappedOutputNets")
    void aWrappedOutputLayerTrainsPrunesKeepsItsZerosSavesAndStrips(Model net) throws IOException {
        org.deeplearning4j.nn.api.Layer out = net instanceof MultiLayerNetwork n ? n.getOutputLayer()
                : ((ComputationGraph) net).getOutputLayer(0);
        assertInstanceOf(PrunedOutputLayerImpl.class, out);
        assertInstanceOf(IOutputLayer.class, out);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(1, 0.3)).build());
        TestNets.attach(net, l);
        var data = TestNets.data().trainIterator(100, 3);
        for (int e = 0; e < 3; e++) {
            TestNets.fitEpoch(net, data);
        }
        MaskState state = l.state().orElseThrow();
        PrunableParam outW = state.params().get(state.params().size() - 1);
        assertTrue(outW.id().endsWith("_W") && outW.layerType().equals("OutputLayer"), outW.toString());
        assertTrue(PrunedPositions.prunedCount(state.maskOf(outW)) > 0, "the output layer was pruned");
        assertEquals(0, PrunedPositions.nonzeroParams(net, state.mask()));
        assertEquals(0, PrunedPositions.nonzeroUpdaterState(net, state.mask()));
        assertEquals(0, TestNets.revivedCount(outputWeights(net), state.maskOf(outW)));
        DataSet test = TestNets.data().testSet();
        double accuracy = net instanceof MultiLayerNetwork n ? n.evaluate(TestNets.data().testIterator(100))
                .accuracy() : ((ComputationGraph) net).evaluate(TestNets.data().testIterator(100)).accuracy();
        assertTrue(accuracy > 0.3, "evaluation reads the wrapped output layer: accuracy " + accuracy);

        Model plain = Pruning.strip(net);
        String json = plain instanceof MultiLayerNetwork p ? p.getLayerWiseConfigurations().toJson()
                : ((ComputationGraph) plain).getConfiguration().toJson();
        assertFalse(json.contains("PrunedLayer"), "strip leaves no wrapper");
        assertArrayEquals(TestNets.output(net, test.getFeatures()).data().asFloat(),
                TestNets.output(plain, test.getFeatures()).data().asFloat(), 0f, "stripped outputs equal");

        Path file = tmp.resolve("m.zip");
        PrunedModels.save(net, l, file);
        PrunedModels.Loaded back = PrunedModels.load(file);
        assertArrayEquals(TestNets.output(net, test.getFeatures()).data().asFloat(),
                TestNets.output(back.model(), test.getFeatures()).data().asFloat(), 0f, "loaded outputs equal");
        TestNets.fitEpoch(back.model(), data);
        assertEquals(0, PrunedPositions.nonzeroParams(back.model(), back.listener().state().orElseThrow().mask()));
    }

    @Test
    void configurationsWithAWrappedOutputRoundTripThroughJsonAndModelSerializer() throws IOException {
        MultiLayerConfiguration conf = mlnConf(LayerPruning.builder().targetDensity(0.4).build());
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        assertEquals(conf.toJson(), MultiLayerConfiguration.fromJson(conf.toJson()).toJson());
        assertEquals(graphConf(), ComputationGraphConfiguration.fromJson(graphConf().toJson()));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.fit(TestNets.data().trainIterator(100, 1));
        java.io.File f = tmp.resolve("plain.zip").toFile();
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertInstanceOf(PrunedOutputLayerImpl.class, back.getOutputLayer());
        assertEquals(net.params(), back.params());
        assertTrue(((PrunedOutputLayerImpl) back.getOutputLayer()).needsLabels());
    }

    @Test
    void withoutAListenerAWrappedOutputLayerKeepsItsZerosUnderAdam() {
        MultiLayerNetwork net = new MultiLayerNetwork(mlnConf(LayerPruning.DEFAULTS));
        net.init();
        INDArray w = net.getLayer(1).getParam("W");
        INDArray mask = Nd4j.rand(DataType.FLOAT, w.shape()).gt(0.5).castTo(DataType.FLOAT);
        w.muli(mask);
        for (int e = 0; e < 2; e++) {
            net.fit(TestNets.data().trainIterator(100, e));
        }
        assertEquals(0, TestNets.revivedCount(net.getLayer(1).getParam("W"), mask));
        assertEquals(mask, ((PrunedLayerImpl) net.getLayer(1)).masks().get("W"));
    }

    /** An output kind: the layers before it, the wrapped output layer, the input type and a minibatch. */
    record OutputKind(String name, List<Layer> hidden, Layer output, InputType input, DataSet data) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<OutputKind> otherOutputKinds() {
        return Stream.of(
                new OutputKind("RnnOutputLayer", List.of(new LSTM.Builder().nOut(6).build()),
                        new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                                .activation(Activation.SOFTMAX).build(), InputType.recurrent(4, 5),
                        TinyData.sequences(4, 8, 4, 5, 3)),
                new OutputKind("CenterLossOutputLayer", List.of(new DenseLayer.Builder().nOut(16)
                        .activation(Activation.RELU).build()), new CenterLossOutputLayer.Builder()
                        .lossFunction(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
                        .build(), InputType.feedForward(784), TestNets.data().trainIterator(100, 2).next()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherOutputKinds")
    void otherOutputLayersWithWeightsWrapTrainAndKeepTheirZeros(OutputKind k) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(8).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).list();
        k.hidden().forEach(b::layer);
        MultiLayerNetwork net = new MultiLayerNetwork(b.layer(new PrunedLayer.Builder().layer(k.output()).build())
                .setInputType(k.input()).build());
        net.init();
        assertInstanceOf(PrunedOutputLayerImpl.class, net.getOutputLayer());
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        net.addListeners(l);
        l.prune(net, 0.4);
        for (int i = 0; i < 3; i++) {
            net.fit(k.data());
        }
        assertTrue(Double.isFinite(net.score()));
        MaskState s = l.state().orElseThrow();
        assertTrue(s.params().stream().anyMatch(p -> p.layerIndex() == 1 && p.paramKey().equals("W")));
        assertEquals(0, PrunedPositions.nonzeroParams(net, s.mask()));
        assertEquals(0, PrunedPositions.nonzeroUpdaterState(net, s.mask()));
    }

    @Test
    void outputLayersWithoutWeightsAreRefusedNamingTheLayerAndWhy() {
        for (Layer loss : List.of(new LossLayer.Builder().name("loss").build(), new RnnLossLayer.Builder().build(),
                new CnnLossLayer.Builder().build(), new Cnn3DLossLayer.Builder(
                        org.deeplearning4j.nn.conf.layers.Convolution3D.DataFormat.NCDHW).build(),
                new Yolo2OutputLayer.Builder().boundingBoxPriors(Nd4j.create(new double[][] {{1, 1}})).build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new PrunedLayer.Builder().layer(loss).build());
            String name = loss.getClass().getSimpleName() + (loss.getLayerName() == null ? "" : " \"loss\"");
            assertTrue(e.getMessage().startsWith("layer (" + name + ") is an output layer without weights (it applies "
                    + "its loss to its input): there is nothing to prune; add it unwrapped"), e.getMessage());
        }
        IllegalArgumentException ocnn = assertThrows(IllegalArgumentException.class, () -> new PrunedLayer.Builder()
                .layer(new OCNNOutputLayer.Builder().nIn(4).hiddenLayerSize(3).build()).build());
        assertTrue(ocnn.getMessage().startsWith("layer (OCNNOutputLayer) is not a supported layer type for pruning. "
                + "Supported: DenseLayer[W], OutputLayer[W]"), ocnn.getMessage());
    }

    @Test
    void perLayerSettingsReachAWrappedOutputLayerAndStillWorkByNameForAnUnwrappedOne() {
        // settings in the wrapper
        MultiLayerNetwork wrapped = new MultiLayerNetwork(mlnConf(LayerPruning.builder().targetDensity(0.5).build()));
        wrapped.init();
        PruningListener lw = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        assertEquals(0.5, density(lw.prune(wrapped, 0.1), "layer1_W"), 0.01);
        // the same settings by name for the unwrapped output layer
        MultiLayerNetwork plain = TestNets.mlp(31, 32);
        PruningListener lp = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .layer("layer1", LayerPruning.builder().targetDensity(0.5).build()).build());
        assertEquals(0.5, density(lp.prune(plain, 0.1), "layer1_W"), 0.01);
        // both at once: refused, as for any wrapped layer
        MultiLayerNetwork both = new MultiLayerNetwork(mlnConf(LayerPruning.DEFAULTS));
        both.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PruningListener(
                PruningConfig.builder().schedule(new ConstantSchedule()).layer("layer1", LayerPruning.builder()
                        .targetDensity(0.5).build()).build()).bind(both));
        assertTrue(e.getMessage().startsWith("layer 1 (\"layer1\", OutputLayer) has settings both in its PrunedLayer "
                + "wrapper and in PruningConfig.layer(\"layer1\", ...)"), e.getMessage());
    }

    private static double density(io.github.dl4jpruning.report.PruningReport r, String id) {
        return r.layers().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().density();
    }
}
