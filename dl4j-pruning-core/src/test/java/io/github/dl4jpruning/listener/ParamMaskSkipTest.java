package io.github.dl4jpruning.listener;

import static io.github.dl4jpruning.testing.TestNets.fit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.ParamMasking;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.engine.ParamMaskDecision;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.SgdUpdater;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * {@link ParamMasking#AUTO} skips the parameter multiply after the update only where it changes nothing: for every
 * updater on the proven list, training after a mask update with DL4J's L1, L2, WeightDecay and gradient normalization
 * plus the engine's own L1 leaves every pruned weight and every optimizer-state entry of a pruned weight exactly 0.0,
 * and the trained parameters and state are bitwise those of {@link ParamMasking#EVERY_ITERATION}; an unproven
 * updater (AdaMax, whose state {@code u} gets {@code + 1e-32}, or a custom one) keeps the multiply.
 */
class ParamMaskSkipTest {

    private static final List<Regularization> REGULARIZATION = List.of(new L1Regularization(1e-4),
            new L2Regularization(1e-3), new WeightDecay(1e-3, true));

    static Stream<IUpdater> proven() {
        return Stream.of(new Sgd(0.05), new NoOp(), new Nesterovs(0.05, 0.9), new Adam(1e-2), new AMSGrad(1e-2),
                new Nadam(1e-2), new RmsProp(1e-2), new AdaGrad(0.05), new AdaDelta());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("proven")
    void aProvenUpdaterSkipsTheMultiplyAndEndsBitwiseAsWithIt(IUpdater updater) {
        assertSkipIsExact(() -> mlp(updater, updater));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphUpdaters")
    void aProvenUpdaterSkipsOnAComputationGraph(IUpdater updater) {
        assertSkipIsExact(() -> graph(updater));
    }

    static Stream<IUpdater> graphUpdaters() {
        return Stream.of(new Adam(1e-2), new RmsProp(1e-2));
    }

    /** PrunedLayer wrappers hand their updater config through: the skip applies, and their zeros stay. */
    @Test
    void wrappedLayersSkipToo() {
        for (Model net : List.<Model>of(TestNets.wrappedMlp(3, LayerPruning.DEFAULTS, 32, 16),
                TestNets.wrappedGraph(3, 32, LayerPruning.DEFAULTS))) {
            Run r = run(net, ParamMasking.AUTO, true);
            assertFalse(r.decision.everyIteration(), r.decision.reason());
            assertEquals(0, TestNets.revivedCount(r.params, r.mask));
            assertEquals(0, prunedStateNonZeros(r.model, r.mask));
        }
    }

    @Test
    void adaMaxKeepsTheMultiplyAndItsZeros() {
        Run r = run(mlp(new AdaMax(1e-2), new AdaMax(1e-2)), ParamMasking.AUTO, true);
        assertTrue(r.decision.everyIteration());
        assertTrue(r.decision.reason().contains("AdaMax"), r.decision.reason());
        assertEquals(0, TestNets.revivedCount(r.params, r.mask));
    }

    @Test
    void oneUnprovenLayerKeepsTheMultiplyForTheWholeNetwork() {
        Run r = run(mlp(new Adam(1e-2), new AdaMax(1e-2)), ParamMasking.AUTO, false);
        assertTrue(r.decision.everyIteration());
        assertTrue(r.decision.reason().startsWith("layer2_W: updater AdaMax"), r.decision.reason());
    }

    @Test
    void aCustomUpdaterOrAZeroEpsilonKeepsTheMultiply() {
        ParamMaskDecision custom = run(mlp(new CustomSgd(), new CustomSgd()), ParamMasking.AUTO, true).decision;
        assertTrue(custom.everyIteration());
        assertTrue(custom.reason().contains("updater CustomSgd is not proven"), custom.reason());
        Adam noEpsilon = new Adam(1e-2);
        noEpsilon.setEpsilon(0.0);
        ParamMaskDecision zero = run(mlp(noEpsilon, noEpsilon), ParamMasking.AUTO, false).decision;
        assertTrue(zero.everyIteration());
        assertTrue(zero.reason().contains("epsilon 0.0"), zero.reason());
    }

    /**
     * A network whose weights are zero with live Adam state (as a loaded model may be): binding takes the zeros as
     * pruned, and the first iteration zeroes their state, else Adam's momentum would revive them once the multiply
     * is skipped.
     */
    @Test
    void bindingOnZerosWithLiveStateZeroesTheStateOnce() {
        for (ParamMasking setting : ParamMasking.values()) {
            MultiLayerNetwork net = mlp(new Adam(1e-2), new Adam(1e-2));
            DataSetIterator data = TestNets.data().trainIterator(64, 1);
            for (int i = 0; i < 3; i++) {
                net.fit(data.next());
            }
            net.getParam("0_W").get(NDArrayIndex.interval(0, 300), NDArrayIndex.all()).assign(0.0);
            PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                    .paramMasking(setting).build());
            net.addListeners(l);
            for (int i = 0; i < 5; i++) {
                net.fit(data.next());
            }
            INDArray mask = l.state().orElseThrow().mask();
            assertEquals(300 * 32, mask.eq(0.0).castTo(DataType.INT64).sumNumber().longValue());
            assertEquals(setting == ParamMasking.EVERY_ITERATION, l.paramMasking().orElseThrow().everyIteration());
            assertEquals(0, TestNets.revivedCount(net.params(), mask), setting.name());
            assertEquals(0, prunedStateNonZeros(net, mask), setting.name());
        }
    }

    private static void assertSkipIsExact(java.util.function.Supplier<Model> net) {
        Run auto = run(net.get(), ParamMasking.AUTO, true);
        Run every = run(net.get(), ParamMasking.EVERY_ITERATION, true);
        assertFalse(auto.decision.everyIteration(), auto.decision.reason());
        assertTrue(every.decision.everyIteration());
        long pruned = auto.mask.eq(0.0).castTo(DataType.INT64).sumNumber().longValue();
        assertTrue(pruned > auto.mask.length() / 2, "the mask update pruned most weights: " + pruned);
        assertEquals(0, TestNets.revivedCount(auto.params, auto.mask), "pruned weights stay exactly 0.0");
        assertEquals(0, prunedStateNonZeros(auto.model, auto.mask), "their optimizer state stays exactly 0.0");
        assertTrue(auto.changed, "the unpruned weights trained");
        assertArrayEquals(every.params.data().asFloat(), auto.params.data().asFloat(),
                "bitwise equal to the run with the multiply (Arrays.equals compares float bits, -0.0 != 0.0)");
        assertArrayEquals(every.state, auto.state, "same optimizer state, bitwise");
    }

    private record Run(Model model, ParamMaskDecision decision, INDArray mask, INDArray params, float[] state,
            boolean changed) {
    }

    /** Trains 2 minibatches, prunes to density 0.3, trains 4 more (the engine's own L1 on). */
    private static Run run(Model model, ParamMasking setting, boolean train) {
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).l1(1e-3)
                .paramMasking(setting).build());
        TestNets.attach(model, l);
        l.bind(model);
        DataSetIterator data = TestNets.data().trainIterator(64, 1);
        List<DataSet> batches = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            batches.add(data.next());
        }
        INDArray before = null;
        if (train) {
            fit(model, batches.get(0));
            fit(model, batches.get(1));
            l.prune(model, 0.3);
            before = model.params().dup();
            for (int i = 2; i < 6; i++) {
                fit(model, batches.get(i));
            }
        }
        BaseMultiLayerUpdater<?> u = NetworkAdapter.of(model).updater(false);
        float[] state = u == null || u.getStateViewArray() == null ? new float[0]
                : u.getStateViewArray().data().asFloat();
        return new Run(model, l.paramMasking().orElseThrow(), l.state().orElseThrow().mask(), model.params(), state,
                before != null && !before.equals(model.params()));
    }


    /** Optimizer-state entries of pruned weights that are not exactly 0.0, over every updater block. */
    static long prunedStateNonZeros(Model model, INDArray mask) {
        BaseMultiLayerUpdater<?> u = NetworkAdapter.of(model).updater(false);
        if (u == null || u.getStateViewArray() == null) {
            return 0;
        }
        INDArray state = NetworkAdapter.flat(u.getStateViewArray());
        long count = 0;
        for (UpdaterBlock b : u.getUpdaterBlocks()) {
            long ps = b.getParamOffsetStart();
            long pl = b.getParamOffsetEnd() - ps;
            long us = b.getUpdaterViewOffsetStart();
            long ul = b.getUpdaterViewOffsetEnd() - us;
            INDArray m = mask.get(NDArrayIndex.interval(ps, ps + pl));
            for (long j = 0; pl > 0 && j < ul / pl; j++) {
                count += TestNets.revivedCount(state.get(NDArrayIndex.interval(us + j * pl, us + (j + 1) * pl)), m);
            }
        }
        return count;
    }

    private static NeuralNetConfiguration.Builder base(IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(updater)
                .weightInit(WeightInit.XAVIER).regularization(REGULARIZATION)
                .gradientNormalization(GradientNormalization.RenormalizeL2PerLayer);
    }

    /** 784 → 32 → 16 → 10 with {@code hidden} on the hidden layers and {@code output} on the output layer. */
    private static MultiLayerNetwork mlp(IUpdater hidden, IUpdater output) {
        MultiLayerNetwork net = new MultiLayerNetwork(base(hidden).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(32).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(32).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(10).updater(output)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    private static ComputationGraph graph(IUpdater updater) {
        ComputationGraph cg = new ComputationGraph(base(updater).graphBuilder().addInputs("in")
                .addLayer("d1", new DenseLayer.Builder().nIn(784).nOut(32).activation(Activation.RELU).build(), "in")
                .addLayer("d2", new DenseLayer.Builder().nIn(32).nOut(16).activation(Activation.RELU).build(), "d1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "d2")
                .setOutputs("out").build());
        cg.init();
        return cg;
    }

    /** An updater the engine does not know: plain SGD under another name. */
    static final class CustomSgd implements IUpdater {
        @Override
        public long stateSize(long numParams) {
            return 0;
        }

        @Override
        public GradientUpdater<Sgd> instantiate(INDArray viewArray, boolean initializeViewArray) {
            return new SgdUpdater(new Sgd(0.05));
        }

        @Override
        public GradientUpdater<Sgd> instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
            return new SgdUpdater(new Sgd(0.05));
        }

        @Override
        public IUpdater clone() {
            return new CustomSgd();
        }

        @Override
        public double getLearningRate(int iteration, int epoch) {
            return 0.05;
        }

        @Override
        public boolean hasLearningRate() {
            return true;
        }

        @Override
        public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
            throw new UnsupportedOperationException("fixed learning rate");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CustomSgd;
        }

        @Override
        public int hashCode() {
            return 1;
        }

        @Override
        public String toString() {
            return "CustomSgd";
        }
    }
}
