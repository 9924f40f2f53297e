package io.github.dl4jpruning.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.testing.TestNets;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class AblationTest {

    /** x -> Dense(1 -> 2, identity, W = [1, 2], b = 0) -> Output(2 -> 1, identity, MSE, W = [1; 1], b = 0). */
    private static MultiLayerNetwork tiny() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .list()
                .layer(new DenseLayer.Builder().nIn(1).nOut(2).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        net.getLayer(0).getParam("W").assign(Nd4j.createFromArray(new double[][] {{1, 2}}));
        net.getLayer(0).getParam("b").assign(0);
        net.getLayer(1).getParam("W").assign(Nd4j.createFromArray(new double[][] {{1}, {1}}));
        net.getLayer(1).getParam("b").assign(0);
        return net;
    }

    private static DataSet xIs1yIs3() {
        return new DataSet(Nd4j.createFromArray(new double[][] {{1}}), Nd4j.createFromArray(new double[][] {{3}}));
    }

    @Test
    void unitDeltasAreTheLossChangeWhenEachUnitIsZeroed() {
        MultiLayerNetwork net = tiny();
        double[] before = net.params().toDoubleVector();
        // golden by hand: output 1 + 2 = 3 = label, loss 0; without unit 0 the output is 2 (loss (3-2)^2 = 1),
        // without unit 1 it is 1 (loss (3-1)^2 = 4)
        assertArrayEquals(new double[] {1.0, 4.0}, Ablation.unitLossDeltas(net, "layer0", xIs1yIs3()), 1e-12);
        assertArrayEquals(before, net.params().toDoubleVector(), 0.0, "restored exactly");
        // the whole layer: output 0, loss 9
        assertEquals(9.0, Ablation.layerLossDelta(net, "layer0", "W", xIs1yIs3()), 1e-12);
        assertArrayEquals(before, net.params().toDoubleVector(), 0.0);
    }

    @Test
    void filtersOfAConvolutionLayerAndRealData() {
        MultiLayerNetwork net = TestNets.mlp(1, 8);
        net.fit(TestNets.data().trainIterator(100, 1));
        double[] before = net.params().toDoubleVector();
        double[] d = Ablation.unitLossDeltas(net, "layer0", TestNets.data().testSet());
        assertEquals(8, d.length);
        assertTrue(java.util.Arrays.stream(d).anyMatch(v -> v > 0), "some unit carries information");
        assertArrayEquals(before, net.params().toDoubleVector(), 0.0);
    }

    @Test
    void eachFilterDeltaIsTheLossWithThatFilterAndItsBiasZeroedMinusTheLoss() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(8)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(5, 5).stride(2, 2).nOut(6).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1)).build());
        net.init();
        net.fit(TestNets.data().trainIterator(100, 2));
        DataSet heldOut = TestNets.data().testSet();
        int[] paramBits = bits(net.params());
        int[] stateBits = bits(net.getUpdater().getStateViewArray());

        double[] deltas = Ablation.unitLossDeltas(net, "layer0", heldOut);

        // independently: on a copy, zero W[j, :, :, :] and b[j], and take the loss difference
        double base = net.score(heldOut, false);
        double[] expected = new double[6];
        for (int j = 0; j < 6; j++) {
            MultiLayerNetwork copy = net.clone();
            copy.getLayer(0).getParam("W").get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all()).assign(0);
            copy.getLayer(0).getParam("b").putScalar(j, 0);
            assertTrue(copy.params().neq(net.params()).castTo(DataType.INT32).sumNumber().intValue() <= 5 * 5 + 1,
                    "the copy differs in filter " + j + " and its bias only");
            expected[j] = copy.score(heldOut, false) - base;
        }
        assertArrayEquals(expected, deltas, 1e-12);
        assertTrue(java.util.Arrays.stream(deltas).distinct().count() == 6, "every filter has its own delta");
        assertArrayEquals(paramBits, bits(net.params()), "parameters bitwise unchanged");
        assertArrayEquals(stateBits, bits(net.getUpdater().getStateViewArray()), "updater state bitwise unchanged");
    }

    private static int[] bits(org.nd4j.linalg.api.ndarray.INDArray a) {
        float[] f = a.reshape(a.length()).toFloatVector();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    /**
     * c2 of the residual golden graph: ND4J M2.1's {@code W.get(point(j), all(), all(), all())} returns an array
     * without data for its filters 5 to 7, so the deltas must not be measured through such sub-views.
     */
    @Test
    void everyFilterOfAGraphLayerIsAblatedWhereNd4jCannotSliceTheParameter() {
        org.deeplearning4j.nn.graph.ComputationGraph g = io.github.dl4jpruning.graph.GoldenGraphs.residual();
        Nd4j.getRandom().setSeed(3);
        DataSet held = new DataSet(Nd4j.rand(DataType.FLOAT, 4, 3, 8, 8), Nd4j.eye(4).castTo(DataType.FLOAT));
        int[] paramBits = bits(g.params());
        double[] deltas = Ablation.unitLossDeltas(g, "c2", held);
        assertEquals(8, deltas.length);
        double base = g.score(held, false);
        for (int j = 0; j < 8; j++) {
            org.deeplearning4j.nn.graph.ComputationGraph copy = g.clone();
            org.nd4j.linalg.api.ndarray.INDArray w = copy.getLayer("c2").getParam("W");
            org.nd4j.linalg.api.ndarray.INDArray keep = Nd4j.ones(DataType.FLOAT, 8, 1, 1, 1);
            keep.putScalar(j, 0.0);
            w.assign(w.mul(keep.broadcast(w.shape())));
            copy.getLayer("c2").getParam("b").putScalar(j, 0.0);
            assertEquals(copy.score(held, false) - base, deltas[j], 1e-6, "filter " + j);
        }
        assertArrayEquals(paramBits, bits(g.params()), "parameters bitwise unchanged");
    }

    @Test
    void rejectsUnknownLayersAndParameters() {
        MultiLayerNetwork net = tiny();
        assertEquals("layerName (\"fc\") is not a layer of this MultiLayerNetwork; its layers are [layer0, layer1]",
                assertThrows(IllegalArgumentException.class, () -> Ablation.unitLossDeltas(net, "fc", xIs1yIs3()))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ablation.layerLossDelta(net, "layer0", "RW",
                xIs1yIs3())).getMessage().startsWith("paramKey (RW) is not a parameter of layer \"layer0\""));
    }
}
