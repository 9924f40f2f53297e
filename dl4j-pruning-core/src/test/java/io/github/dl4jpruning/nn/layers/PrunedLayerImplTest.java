package io.github.dl4jpruning.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The runtime wrapper: masking on its own, and handing it over to (and back from) the listener. */
class PrunedLayerImplTest {

    @AfterEach
    void profilerOff() {
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    }

    /** Zeroes every third weight of a wrapped layer's W, as a pruned model would hold them. */
    private static INDArray zeroEveryThird(Layer layer) {
        INDArray w = layer.getParam("W");
        INDArray keep = Nd4j.ones(DataType.FLOAT, w.length());
        for (long i = 0; i < w.length(); i += 3) {
            keep.putScalar(i, 0f);
        }
        INDArray mask = keep.reshape(w.ordering(), w.shape());
        w.muli(mask);
        return mask;
    }

    @Test
    void withoutAListenerPrunedWeightsStayExactlyZeroUnderAdamInAMultiLayerNetwork() {
        MultiLayerNetwork net = TestNets.wrappedMlp(11, LayerPruning.DEFAULTS, 40, 20);
        INDArray mask0 = zeroEveryThird(net.getLayer(0));
        INDArray before = net.getLayer(0).getParam("W").dup();
        for (int epoch = 0; epoch < 3; epoch++) {
            net.fit(TestNets.data().trainIterator(100, epoch));
        }
        INDArray w = net.getLayer(0).getParam("W");
        assertEquals(0, TestNets.revivedCount(w, mask0), "pruned weights revived");
        assertEquals(w.length() - w.length() / 3 - 1, w.neq(0.0).castTo(DataType.INT64).sumNumber().longValue());
        assertNotEquals(before, w, "the kept weights trained");
        assertEquals(mask0, ((PrunedLayerImpl) net.getLayer(0)).masks().get("W"));
        assertFalse(((PrunedLayerImpl) net.getLayer(0)).isDelegated());
    }

    @Test
    void withoutAListenerPrunedWeightsStayExactlyZeroInAComputationGraph() {
        ComputationGraph g = TestNets.wrappedGraph(11, 40, LayerPruning.DEFAULTS);
        INDArray mask = zeroEveryThird(g.getLayer("d2"));
        for (int epoch = 0; epoch < 2; epoch++) {
            g.fit(TestNets.data().trainIterator(100, epoch));
        }
        assertEquals(0, TestNets.revivedCount(g.getLayer("d2").getParam("W"), mask));
    }

    @Test
    void withoutAListenerAWrappedBidirectionalLayerKeepsTheZerosOfBothDirections() {
        MultiLayerNetwork net = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(4).dataType(DataType.FLOAT).updater(new org.nd4j.linalg.learning.config.Adam(1e-2)).list()
                .layer(new io.github.dl4jpruning.nn.conf.PrunedLayer.Builder().layer(
                        new org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional(
                                new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nOut(6).build())).build())
                .layer(new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(4, 5)).build());
        net.init();
        PrunedLayerImpl w = (PrunedLayerImpl) net.getLayer(0);
        assertEquals(java.util.List.of("fW", "fRW", "bW", "bRW"), java.util.List.copyOf(w.masks().keySet()));
        Map<String, INDArray> masks = new java.util.LinkedHashMap<>();
        for (String key : w.masks().keySet()) {
            INDArray p = w.getParam(key);
            INDArray m = Nd4j.rand(DataType.FLOAT, p.shape()).gt(0.5).castTo(DataType.FLOAT);
            p.muli(m);
            masks.put(key, m);
        }
        w.delegateMasking(masks, new MaskOwnership());    // install these masks; no listener advances the handshake
        DataSet batch = io.github.dl4jpruning.testing.TinyData.sequences(3, 8, 4, 5, 3);
        for (int i = 0; i < 5; i++) {
            net.fit(batch);
        }
        assertFalse(w.isDelegated(), "the layer took the masking back");
        for (Map.Entry<String, INDArray> e : masks.entrySet()) {
            assertEquals(0, TestNets.revivedCount(net.getLayer(0).getParam(e.getKey()), e.getValue()), e.getKey());
        }
    }

    private static MultiLayerNetwork tbpttLstm(boolean wrapped) {
        org.deeplearning4j.nn.conf.layers.Layer lstm = new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nOut(6)
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.DOUBLE).updater(new org.nd4j.linalg.learning.config.Sgd(0.1)).list()
                .layer(wrapped ? new io.github.dl4jpruning.nn.conf.PrunedLayer.Builder().layer(lstm).build() : lstm)
                .layer(new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE).nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(4, 12))
                .backpropType(org.deeplearning4j.nn.conf.BackpropType.TruncatedBPTT).tBPTTLength(4).build());
        net.init();
        return net;
    }

    @Test
    void aWrappedLstmTrainsWithTruncatedBpttAndStepsThroughTimeExactlyAsUnwrapped() {
        // DL4J routes TBPTT and rnnTimeStep through RecurrentLayer casts, with a branch for BaseWrapperLayer: the
        // wrapped LSTM must give the unwrapped one's results bit for bit
        MultiLayerNetwork plain = tbpttLstm(false);
        MultiLayerNetwork wrapped = tbpttLstm(true);
        wrapped.setParams(plain.params());
        DataSet seq = io.github.dl4jpruning.testing.TinyData.sequences(5, 2, 4, 12, 3);
        DataSet ds = new DataSet(seq.getFeatures().castTo(DataType.DOUBLE), seq.getLabels().castTo(DataType.DOUBLE));
        plain.fit(ds);
        wrapped.fit(ds);
        assertEquals(plain.params(), wrapped.params(), "truncated BPTT");
        INDArray step = ds.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1));
        for (int t = 0; t < 3; t++) {
            assertEquals(plain.rnnTimeStep(step), wrapped.rnnTimeStep(step), "rnnTimeStep " + t + " (stored state)");
        }
    }

    @Test
    void theForwardPassUsesMaskedWeightsEvenIfSomeoneWroteIntoThem() {
        MultiLayerNetwork net = TestNets.wrappedMlp(11, LayerPruning.DEFAULTS, 40, 20);
        zeroEveryThird(net.getLayer(0));
        INDArray x = TestNets.data().testSet().getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 20));
        INDArray expected = net.output(x);                          // masks created from the zeros
        net.getLayer(0).getParam("W").putScalar(0, 0, 5.0f);     // a pruned position (flat index 0)
        INDArray got = net.output(x);
        assertArrayEquals(expected.ravel().toFloatVector(), got.ravel().toFloatVector(), 0f);
        assertEquals(0.0f, net.getLayer(0).getParam("W").getFloat(0, 0), 0f);
    }

    @Test
    void gradientsAreMaskedInBackprop() {
        MultiLayerNetwork net = TestNets.wrappedMlp(11, LayerPruning.DEFAULTS, 40, 20);
        INDArray mask = zeroEveryThird(net.getLayer(0));
        DataSet batch = TestNets.data().trainIterator(64, 1).next();
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        INDArray g = net.gradient().getGradientFor("0_W");
        assertEquals(0, TestNets.revivedCount(g, mask), "gradient at pruned positions");
        assertTrue(g.neq(0.0).castTo(DataType.INT64).sumNumber().longValue() > 0);
    }

    @Test
    void delegationRejectsMasksOfTheWrongShape() {
        MultiLayerNetwork net = TestNets.wrappedMlp(11, LayerPruning.DEFAULTS, 40, 20);
        PrunedLayerImpl l = (PrunedLayerImpl) net.getLayer(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.delegateMasking(Map.of("W", Nd4j.ones(40, 784)), new MaskOwnership()));
        assertEquals("mask for parameter W of layer \"layer0\" has shape [40, 784], the parameter has [784, 40]",
                e.getMessage());
    }

    @Test
    void withTheListenerTheWrappersAddNoOpsPerIteration() {
        long wrapped = opsPerIteration(TestNets.wrappedMlp(3, LayerPruning.DEFAULTS, 32, 32, 32));
        long plain = opsPerIteration(TestNets.mlp(3, 32, 32, 32));
        assertEquals(plain, wrapped, "wrapped layers must not mask a second time");
    }

    private static long opsPerIteration(MultiLayerNetwork net) {
        DataSet batch = TestNets.data().trainIterator(64, 1).next();
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        net.addListeners(l);
        l.prune(net, 0.1);
        net.fit(batch);
        for (Layer layer : net.getLayers()) {
            if (layer instanceof PrunedLayerImpl w) {
                assertTrue(w.isDelegated());
            }
        }
        return TestNets.opsOverFits(net, batch, 4) / 4;
    }

    @Test
    void theLayerTakesTheMaskingBackWhenTheListenerIsRemoved() {
        MultiLayerNetwork net = TestNets.wrappedMlp(11, LayerPruning.DEFAULTS, 40, 20);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        net.addListeners(l);
        l.prune(net, 0.2);
        DataSet batch = TestNets.data().trainIterator(64, 1).next();
        net.fit(batch);
        PrunedLayerImpl w0 = (PrunedLayerImpl) net.getLayer(0);
        assertTrue(w0.isDelegated());
        INDArray listenerMask = l.state().orElseThrow().maskOf(l.state().orElseThrow().params().get(0)).dup();
        net.setListeners();                          // listener gone
        for (int i = 0; i < 5; i++) {
            net.fit(batch);
        }
        assertFalse(w0.isDelegated());
        assertEquals(listenerMask, w0.masks().get("W"));
        assertEquals(0, TestNets.revivedCount(w0.getParam("W"), listenerMask));
    }

    @Test
    void aPlainModelSerializerRestoreRebuildsMasksFromTheZeros(@TempDir Path dir) throws IOException {
        MultiLayerNetwork net = TestNets.wrappedMlp(11, LayerPruning.DEFAULTS, 40, 20);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        l.prune(net, 0.1);
        INDArray mask = net.getLayer(0).getParam("W").neq(0.0).castTo(DataType.FLOAT);
        File f = dir.resolve("m.zip").toFile();
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertEquals(net.params(), back.params());
        back.fit(TestNets.data().trainIterator(100, 1));        // no listener: the wrappers mask
        assertEquals(0, TestNets.revivedCount(back.getLayer(0).getParam("W"), mask));
        assertEquals(mask, ((PrunedLayerImpl) back.getLayer(0)).masks().get("W"));
    }

}
