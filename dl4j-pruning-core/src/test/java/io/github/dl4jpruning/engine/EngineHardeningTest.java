package io.github.dl4jpruning.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.Pruning;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.nn.layers.PrunedLayerImpl;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.schedule.OneShotSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Defects found by trying the library as a hostile but fair user would; every test here failed on the engine before
 * it was hardened.
 */
class EngineHardeningTest {

    private static DataSet batch() {
        return TestNets.data().trainIterator(64, 1).next();
    }

    private static long zeros(MultiLayerNetwork net) {
        PruningReport r = Pruning.measure(net);
        return r.paramCount() - r.nonzeroCount();
    }

    @Test
    void aScheduleNeverRevivesTheZerosOfAnAlreadySparseModel() {
        MultiLayerNetwork net = TestNets.mlp(11, 32);
        Pruning.prune(net, 0.25);
        INDArray w0 = net.getParam("0_W").dup();
        INDArray w1 = net.getParam("1_W").dup();
        PruningListener l = Pruning.attach(net, PruningConfig.builder().schedule(new OneShotSchedule(0, 0.5)).build());
        net.fit(TestNets.data().trainIterator(100, 3));
        assertEquals(0.25, l.report(net).density(), 1e-3, "no weight revived: " + l.report(net).summary());
        assertEquals(0, TestNets.revivedCount(net.getParam("0_W"), w0.neq(0.0).castTo(DataType.FLOAT)),
                "every zero of the sparse model is still zero");
        assertEquals(0, TestNets.revivedCount(net.getParam("1_W"), w1.neq(0.0).castTo(DataType.FLOAT)));
        assertEquals(1, l.state().orElseThrow().roundsCompleted(), "the schedule's round still counts");

        MultiLayerNetwork imp = TestNets.mlp(11, 32);
        Pruning.prune(imp, 0.25);
        PruningListener li = Pruning.attach(imp, PruningConfig.builder()
                .schedule(new IterativeSchedule(0, 0.5, 1, 0.1)).build());
        for (int e = 0; e < 4; e++) {
            imp.fit(TestNets.data().trainIterator(100, e));
            assertTrue(li.report(imp).density() <= 0.25 + 1e-3, "epoch " + e + ": " + li.report(imp).summary());
        }
        assertEquals(0.1, li.report(imp).density(), 1e-3, "the final density is reached");
    }

    @Test
    void aListenerRefusesASecondNetworkOfTheSameShapeOnItsOwnThread() {
        MultiLayerNetwork a = TestNets.mlp(3, 16);
        MultiLayerNetwork b = TestNets.mlp(4, 16);
        PruningListener l = Pruning.attach(a, PruningConfig.builder().schedule(new ConstantSchedule()).build());
        l.prune(a, 0.3);
        INDArray bBefore = b.params().dup();
        b.addListeners(l);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.fit(batch()));
        assertTrue(e.getMessage().startsWith("this PruningListener is bound to another network: MultiLayerNetwork@")
                && e.getMessage().contains("and was called with MultiLayerNetwork@"), e.getMessage());
        assertEquals(bBefore, b.params(), "b lost no weight to a's masks");
    }

    @Test
    void aFailedNmUpdateLeavesEveryMaskAsItWas() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).list()
                .layer(new DenseLayer.Builder().nIn(8).nOut(6).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(4).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build()).build());
        net.init();
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).nm(2, 4)
                .build());
        l.bind(net);
        float[] mask = l.state().orElseThrow().mask().toFloatVector();
        float[] params = net.params().toFloatVector();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> l.prune(net, 0.5)).getMessage()
                .startsWith("m (4) must divide the input dimension of layer1_W (6 consecutive weights"));
        assertArrayEquals(mask, l.state().orElseThrow().mask().toFloatVector(), 0f, "no half-written mask");
        assertArrayEquals(params, net.params().toFloatVector(), 0f);
        net.addListeners(l);
        net.fit(new DataSet(Nd4j.rand(DataType.FLOAT, 5, 8), Nd4j.eye(3).getRows(0, 1, 2, 0, 1)));
        assertEquals(0, zeros(net), "the next fit zeroes nothing");
    }

    @Test
    void aFailedBindLeavesTheListenerUnbound() {
        org.deeplearning4j.nn.graph.ComputationGraph g = new org.deeplearning4j.nn.graph.ComputationGraph(
                new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).updater(new Adam(1e-3))
                        .graphBuilder().addInputs("in")
                        .addLayer("a", new DenseLayer.Builder().nIn(4).nOut(6).build(), "in")
                        .addLayer("mix", new org.deeplearning4j.nn.conf.layers.ActivationLayer(Activation.SOFTMAX), "a")
                        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                                .activation(Activation.SOFTMAX).build(), "mix")
                        .setOutputs("out").build());
        g.init();
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .granularity(io.github.dl4jpruning.mask.Granularity.NEURON).build());
        g.addListeners(l);
        DataSet d = new DataSet(Nd4j.rand(DataType.FLOAT, 5, 4), Nd4j.eye(3).getRows(0, 1, 2, 0, 1));
        for (int attempt = 0; attempt < 2; attempt++) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> g.fit(d)).getMessage()
                    .contains("no hidden Dense layer whose units can be removed; kept: a (layer \"mix\""));
            assertTrue(l.state().isEmpty(), "attempt " + attempt + ": nothing bound, no round recorded");
        }
    }

    @Test
    void halfPrecisionNetworksAreRefusedAtBind() {
        MultiLayerNetwork half = TestNets.mlp(1, 16).convertDataType(DataType.HALF);
        INDArray before = half.params().dup();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pruning.attach(half,
                PruningConfig.builder().schedule(new ConstantSchedule()).build()));
        assertTrue(e.getMessage().startsWith("parameters data type (HALF) must be FLOAT or DOUBLE"), e.getMessage());
        assertEquals(before, half.params());
        MultiLayerNetwork bf = TestNets.mlp(1, 16).convertDataType(DataType.BFLOAT16);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pruning.prune(bf, 0.5)).getMessage()
                .startsWith("parameters data type (BFLOAT16) must be FLOAT or DOUBLE"));
    }

    @Test
    void globalPruningKeepsAWeightInEveryTensor() {
        MultiLayerNetwork tiny = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(10).nOut(6).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build()).build());
        tiny.init();
        PruningReport r = Pruning.prune(tiny, 0.001);
        assertEquals(78, r.paramCount());
        r.layers().forEach(s -> assertEquals(1, s.nonzeroCount(), s.id()));
    }

    @Test
    void anAllZeroTensorTrainsWhileAPartlyZeroOneKeepsItsZeros() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(10)
                        .weightInit(WeightInit.ZERO).activation(Activation.SOFTMAX).build()).build());
        net.init();
        INDArray w0 = net.getParam("0_W");
        w0.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)).assign(0.0);      // 4 of 16 columns already pruned
        PruningListener l = Pruning.attach(net, PruningConfig.builder().schedule(new ConstantSchedule()).build());
        net.fit(batch());
        net.fit(batch());
        assertTrue(net.getParam("1_W").neq(0.0).castTo(DataType.INT64).sumNumber().longValue() > 0,
                "the zero-initialised output layer trains");
        assertEquals(0.0, net.getParam("0_W").get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4))
                .amaxNumber().doubleValue(), 0.0, "the pruned columns stay exactly zero");
        assertEquals(0, l.state().orElseThrow().roundsCompleted());
    }

    @Test
    void patternsAndUnitsRefuseSettingsTheyWouldIgnore() {
        MultiLayerNetwork net = TestNets.mlp(1, 16);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pruning.attach(net, PruningConfig.builder()
                .schedule(new ConstantSchedule()).blocks(2).criterion(new io.github.dl4jpruning.criterion
                        .RandomCriterion(1)).build())).getMessage()
                .startsWith("criterion (RandomCriterion(seed=1)) is not used with granularity BLOCK"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pruning.attach(net, PruningConfig.builder()
                .schedule(new IterativeSchedule(1, 0.5, 1, 0.1)).nm(2, 4).build())).getMessage()
                .startsWith("schedule final density (0.1) must be n/m (0.5) with granularity N_M 2:4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pruning.attach(net, PruningConfig.builder()
                .schedule(new ConstantSchedule()).granularity(io.github.dl4jpruning.mask.Granularity.NEURON)
                .criterion(new io.github.dl4jpruning.criterion.SnipCriterion()).build())).getMessage()
                .startsWith("criterion (SnipCriterion(|g*w|/sum|g*w|)) is not used with granularity NEURON"));
        PruningListener nm = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).nm(2, 4)
                .build());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> nm.prune(TestNets.mlp(1, 16), 0.3))
                .getMessage().startsWith("targetDensity (0.3) must be n/m (0.5) with granularity N_M 2:4"));
        assertTrue(nm.state().orElseThrow().history().isEmpty());
    }

    @Test
    void staticPruneOfANetworkWithAListenerGoesThroughIt() {
        MultiLayerNetwork net = TestNets.mlp(5, 16);
        PruningListener l = Pruning.attach(net, PruningConfig.builder().schedule(new ConstantSchedule()).build());
        Pruning.prune(net, 0.2);
        long zeros = zeros(net);
        for (int i = 0; i < 20; i++) {
            net.fit(batch());
        }
        assertEquals(zeros, zeros(net), "no pruned weight regrew");
        assertEquals(1, l.state().orElseThrow().roundsCompleted());
    }

    @Test
    void measuringChangesNothing() {
        MultiLayerNetwork net = TestNets.wrappedMlp(1, LayerPruning.builder().build(), 16);
        PruningReport r = Pruning.measure(net);
        assertFalse(((PrunedLayerImpl) net.getLayer(0)).isDelegated(), "the wrapper still masks on its own");
        assertEquals(1.0, r.density(), 0.0);
        assertEquals(0, r.round());
    }

    @Test
    void aOneShotPruneWithoutListenerHandsTheWrappersTheirMaskingBack() {
        MultiLayerNetwork net = TestNets.wrappedMlp(1, LayerPruning.builder().build(), 16);
        Pruning.prune(net, 0.3);
        assertFalse(((PrunedLayerImpl) net.getLayer(0)).isDelegated(), "the wrapper masks on its own again");
        INDArray mask = net.getParam("0_W").neq(0.0).castTo(DataType.FLOAT);
        net.fit(batch());
        assertEquals(0, TestNets.revivedCount(net.getParam("0_W"), mask), "the wrapped layer kept its zeros");
    }

    @Test
    void nanInABiasIsNamedAtTheNextMaskUpdate() {
        MultiLayerNetwork net = TestNets.mlp(1, 16);
        PruningListener l = Pruning.attach(net, PruningConfig.builder().schedule(new ConstantSchedule()).build());
        net.getParam("0_b").putScalar(2, Double.NaN);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> l.prune(net, 0.5)).getMessage()
                .startsWith("parameter layer0_b (layer 0, DenseLayer) holds 1 NaN or infinite values"));
        assertEquals(0, l.state().orElseThrow().roundsCompleted());
    }

    @Test
    void pruningFromAnotherThreadWhileTrainingKeepsExactZerosAndOptimizerState() throws Exception {
        MultiLayerNetwork net = TestNets.mlp(9, 32);
        PruningListener l = Pruning.attach(net, PruningConfig.builder().schedule(new ConstantSchedule()).build());
        DataSet b = batch();
        net.fit(b);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread trainer = new Thread(() -> {
            try {
                for (int i = 0; i < 300; i++) {
                    net.fit(b);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        trainer.start();
        double[] targets = new double[60];
        for (int k = 0; k < targets.length; k++) {
            targets[k] = Math.pow(0.97, k + 1);
            l.prune(net, targets[k]);       // its report may count a weight of the iteration in flight
        }
        trainer.join();
        assertNull(failure.get());
        INDArray mask = l.state().orElseThrow().mask();
        assertEquals(0, TestNets.revivedCount(net.params(), mask), "weights exactly zero at pruned positions");
        INDArray state = net.getUpdater().getStateViewArray();
        INDArray flat = state.reshape(state.length());
        long n = mask.length();
        assertEquals(0, TestNets.revivedCount(flat.get(NDArrayIndex.interval(0, n)), mask), "Adam's M zero there");
        assertEquals(0, TestNets.revivedCount(flat.get(NDArrayIndex.interval(n, 2 * n)), mask), "Adam's V zero");
        assertEquals(targets.length, l.state().orElseThrow().roundsCompleted());
        assertTrue(l.report(net).density() <= targets[targets.length - 1] + 1e-3, l.report(net).summary());
    }
}
