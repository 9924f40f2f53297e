package io.github.dl4jpruning;

import io.github.dl4jpruning.config.PruningConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.schedule.OneShotSchedule;
import io.github.dl4jpruning.testing.TestNets;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;

class PruningTest {

    /** A 3→2→2 network whose weights are those of MaskUpdaterTest (golden masks worked out there). */
    private static MultiLayerNetwork tiny() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(2).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder().nIn(2).nOut(2).activation(Activation.SOFTMAX).build()).build());
        net.init();
        net.setParams(Nd4j.createFromArray(0.5f, -0.1f, 0.3f, -0.3f, 0.05f, 0.9f, 7f, -7f, 0.2f, -0.05f, 0.3f, 0.1f,
                -8f, 8f));
        return net;
    }

    @Test
    void oneShotPruneGivesTheGoldenWeightsAndLeavesBiases() {
        MultiLayerNetwork net = tiny();
        PruningReport r = Pruning.prune(net, 0.4);
        assertEquals(4, r.nonzeroCount());
        float[] want = {0.5f, 0f, 0f, -0.3f, 0f, 0.9f, 7f, -7f, 0f, 0f, 0.3f, 0f, -8f, 8f};
        float[] got = net.params().toFloatVector();
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 0f, "param " + i);
        }
        assertEquals(0.4, Pruning.measure(net).density(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.5, -1, Double.NaN})
    void rejectsBadDensities(double d) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pruning.prune(tiny(), d));
        assertTrue(e.getMessage().startsWith("targetDensity (" + d + ") must be in (0, 1]"), e.getMessage());
    }

    @Test
    void rejectsAModelThatIsNeitherMultiLayerNetworkNorComputationGraph() {
        MultiLayerNetwork net = tiny();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pruning.prune(net.getLayer(0), 0.5));
        assertTrue(e.getMessage().startsWith("model (org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer) must be "
                + "a org.deeplearning4j.nn.multilayer.MultiLayerNetwork or a org.deeplearning4j.nn.graph.ComputationGraph"),
                e.getMessage());
    }

    @Test
    void rejectsAnUninitializedNetwork() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder().nIn(2).nOut(2).build()).build());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Pruning.measure(net));
        assertTrue(e.getMessage().contains("call init()"), e.getMessage());
    }

    @Test
    void attachBindsEarlyAndRegistersTheListener() {
        MultiLayerNetwork net = TestNets.mlp(1, 8);
        PruningListener l = Pruning.attach(net, PruningConfig.builder().schedule(new OneShotSchedule(0, 0.5)).build());
        assertTrue(net.getListeners().contains(l));
        assertTrue(l.state().isPresent());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pruning.attach(net,
                PruningConfig.builder().schedule(new ConstantSchedule()).includeLayers("dense9").build()));
        assertTrue(e.getMessage().startsWith("layer name (\"dense9\") is not a layer of this MultiLayerNetwork; "
                + "its layers are [0:layer0(DenseLayer), 1:layer1(OutputLayer)]"), e.getMessage());
    }
}
